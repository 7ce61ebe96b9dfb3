-- ---
-- id = "provenance_design"
-- title = "A declared design file that is controlled, contradicts its registry entry or has no provenance"
-- severity = "high"
-- weight = 3.0
-- version = 3
-- tables = ["declarations", "provenance_checks"]
-- description = """
-- Design files travel as intangible goods or with printers and filament; a declaration cites
-- them in its export's `design_refs` column (the files' sha256, `;`-separated, kept in
-- `extra`). Each cited file's latest `clearway provenance check` verdict is judged: a match
-- with a controlled design (score 1.0: export-control and dual-use review); a match with a
-- registered design whose licence or designer the file contradicts, or a file contradicting
-- the design it claims to be — by its geometry, its G-code object names or print settings
-- other than the registry prescribes (0.6: an IPR or conformity question, and royalties may be
-- dutiable); the mirror image of a controlled design, or its shape at another size (0.6: not
-- the design itself — a mirrored part is another part, a scaled one may not fit — but close
-- enough to a controlled design to be looked at); a design nobody registered and no ledger
-- anchors (0.3: its provenance cannot be established). Files never checked are not judged.
-- """
-- ---
WITH cited AS (
    SELECT DISTINCT declaration_id, lower(trim(ref)) AS sha256
    FROM (SELECT declaration_id, unnest(string_split(extra->>'design_refs', ';')) AS ref
          FROM declarations WHERE coalesce(extra->>'design_refs', '') <> '')
    WHERE trim(ref) <> ''
),
latest AS (
    -- check ids are unique: the second key only makes that visible to `risk lint --portable`
    SELECT sha256, arg_max(verdict, (check_id, checked_at)) AS verdict,
           arg_max(design_id, (check_id, checked_at)) AS design_id,
           arg_max(reasons, (check_id, checked_at)) AS reasons, arg_max(anchored, (check_id, checked_at)) AS anchored,
           arg_max(path, (check_id, checked_at)) AS path
    FROM provenance_checks GROUP BY sha256
),
judged AS (
    SELECT c.declaration_id, l.*,
           CASE WHEN l.verdict = 'controlled' THEN 1.0
                WHEN l.verdict = 'contradicted'
                  OR array_length(list_filter(l.reasons, lambda r: r LIKE '%contradicts the registry%' OR r LIKE '%is not the registry%')) > 0 THEN 0.6
                WHEN l.verdict IN ('mirror', 'shape_only')
                 AND array_length(list_filter(l.reasons, lambda r: r LIKE '%is a CONTROLLED design%')) > 0 THEN 0.6
                WHEN l.verdict IN ('unknown', 'no_geometry') AND l.anchored IS NULL THEN 0.3
           END AS score
    FROM cited c JOIN latest l USING (sha256)
)
SELECT d.declaration_id, d.item_no, j.score,
       CASE WHEN j.score = 1.0 THEN printf('declared design file %s matches controlled design %s', regexp_extract(j.path, '[^/]+$'), j.design_id)
            WHEN j.verdict = 'mirror' THEN printf('declared design file %s is the mirror image of controlled design %s', regexp_extract(j.path, '[^/]+$'), j.design_id)
            WHEN j.verdict = 'shape_only' THEN printf('declared design file %s has the shape of controlled design %s at another size: %s', regexp_extract(j.path, '[^/]+$'), j.design_id,
                                                      array_to_string(list_filter(j.reasons, lambda r: r LIKE '%size%'), '; '))
            WHEN j.score = 0.6 THEN printf('declared design file %s contradicts the registry entry of %s: %s', regexp_extract(j.path, '[^/]+$'), j.design_id,
                                           array_to_string(list_filter(j.reasons, lambda r: r LIKE '%registry%' OR r LIKE '%contradict%'), '; '))
            ELSE printf('declared design file %s matches no registered design and no ledger anchors it', regexp_extract(j.path, '[^/]+$'))
       END AS reason,
       {'sha256': j.sha256, 'file': j.path, 'verdict': j.verdict, 'design_id': j.design_id,
        'anchored': j.anchored, 'reasons': j.reasons} AS evidence
FROM judged j JOIN declarations d USING (declaration_id)
WHERE j.score IS NOT NULL
