-- ---
-- id = "split_consignment"
-- title = "Consignment split to stay under a threshold"
-- severity = "medium"
-- weight = 2.0
-- version = 2
-- tables = ["declarations"]
-- description = """
-- One importer files several declarations of one exporter's goods of the same HS6 within
-- `window_days` days, each under `threshold` (a de-minimis, simplified-procedure or
-- valuation-control limit, in the customs-value currency) while together they exceed it — the "one person, one day" test of
-- US 19 CFR 10.151, widened to a window. Every declaration of such a cluster is flagged.
-- """
-- [params.threshold]
-- type = "float"
-- default = 2500.0
-- description = "the limit each part stays under (customs value)"
-- [params.window_days]
-- type = "integer"
-- default = 1
-- description = "days around a declaration within which parts are gathered"
-- [params.min_parts]
-- type = "integer"
-- default = 3
-- description = "how many declarations make a cluster"
-- ---
WITH decl AS (
    -- an export without exporters groups by importer and HS6 alone (NULL is one partition)
    SELECT declaration_id, importer_id, exporter_id, left(hs_code, 6) AS hs6, min(declared_at) AS declared_at,
           sum(customs_value) AS value
    FROM declarations
    WHERE importer_id IS NOT NULL AND customs_value IS NOT NULL
    GROUP BY declaration_id, importer_id, exporter_id, hs6
),
small AS (
    SELECT * FROM decl WHERE value < $threshold
),
windowed AS (
    SELECT *,
           count(*) OVER w AS parts,
           sum(value) OVER w AS together
    FROM small
    WINDOW w AS (PARTITION BY importer_id, exporter_id, hs6 ORDER BY declared_at
                 RANGE BETWEEN to_days(CAST($window_days AS INTEGER)) PRECEDING
                           AND to_days(CAST($window_days AS INTEGER)) FOLLOWING)
)
SELECT d.declaration_id, d.item_no,
       least(1.0, 0.5 + 0.1 * (w.parts - $min_parts)) AS score,
       printf('%d declarations of HS6 %s by %s%s within %d day(s), each under %.2f, together %.2f',
              w.parts, w.hs6, w.importer_id, coalesce(' from ' || w.exporter_id, ''), $window_days, $threshold,
              w.together) AS reason,
       {'parts': w.parts, 'together': round(w.together, 2), 'threshold': $threshold, 'importer_id': w.importer_id,
        'exporter_id': w.exporter_id, 'hs6': w.hs6} AS evidence
FROM windowed w
JOIN declarations d ON d.declaration_id = w.declaration_id AND left(d.hs_code, 6) = w.hs6
    AND d.exporter_id IS NOT DISTINCT FROM w.exporter_id
WHERE w.parts >= $min_parts AND w.together > $threshold
