-- ---
-- id = "new_trader"
-- title = "New trader, or a trader in new territory"
-- severity = "medium"
-- weight = 1.5
-- version = 2
-- tables = ["declarations"]
-- description = """
-- Three signals about who is declaring, strongest first:
-- a burst — an importer unseen before files `burst_min` or more declarations within
-- `burst_days` days of its first one (the planted "new-trader burst", and a classic pattern of
-- fly-by-night importers); an importer's first `first_n` declarations; and an established
-- importer's first declaration in an HS chapter it never imported before. Unseen importers and
-- unseen tariff lines carry a higher illicit rate (DATE paper, Table 5: 2.51 % for unseen
-- importers against 1.60 % for importers with more than 250 records).
-- """
-- [params.first_n]
-- type = "integer"
-- default = 3
-- description = "how many of an importer's first declarations count as new-trader activity"
-- [params.burst_days]
-- type = "integer"
-- default = 7
-- description = "days after an importer's first declaration that make up its opening burst"
-- [params.burst_min]
-- type = "integer"
-- default = 5
-- description = "declarations within burst_days of the first that make a burst"
-- [params.established_after]
-- type = "integer"
-- default = 10
-- description = "declarations after which a new HS chapter or origin counts as new territory"
-- ---
WITH decl AS (
    SELECT declaration_id, importer_id, min(declared_at) AS declared_at, list_sort(list(DISTINCT left(hs_code, 2))) AS chapters,
           list_sort(list(DISTINCT coalesce(origin_country, extra->>'country'))) AS origins
    FROM declarations WHERE importer_id IS NOT NULL
    GROUP BY declaration_id, importer_id
),
ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY importer_id ORDER BY declared_at, declaration_id) AS nth,
           min(declared_at) OVER (PARTITION BY importer_id) AS first_seen
    FROM decl
),
opening AS (
    SELECT importer_id, count(*) AS opening_declarations
    FROM ranked
    WHERE declared_at < first_seen + to_days(CAST($burst_days AS INTEGER))
    GROUP BY importer_id
),
territory AS (
    -- each (importer, HS chapter) and (importer, origin) pair, with the declaration that opened it
    SELECT declaration_id, kind, what, nth,
           row_number() OVER (PARTITION BY importer_id, kind, what ORDER BY declared_at, declaration_id) AS nth_in_territory
    FROM (SELECT declaration_id, importer_id, declared_at, nth, 'chapter' AS kind, unnest(chapters) AS what FROM ranked
          UNION ALL
          SELECT declaration_id, importer_id, declared_at, nth, 'origin' AS kind, unnest(origins) AS what FROM ranked)
    WHERE what IS NOT NULL
),
new_territory AS (
    SELECT declaration_id,
           string_agg(what, ', ' ORDER BY what) FILTER (WHERE kind = 'chapter') AS chapters,
           string_agg(what, ', ' ORDER BY what) FILTER (WHERE kind = 'origin') AS origins
    FROM territory
    WHERE nth_in_territory = 1 AND nth > $established_after
    GROUP BY declaration_id
),
flags AS (
    SELECT r.declaration_id, r.importer_id, r.nth, o.opening_declarations, t.chapters AS new_chapters,
           t.origins AS new_origins,
           o.opening_declarations >= $burst_min
               AND r.declared_at < r.first_seen + to_days(CAST($burst_days AS INTEGER)) AS in_burst
    FROM ranked r
    JOIN opening o USING (importer_id)
    LEFT JOIN new_territory t USING (declaration_id)
)
SELECT d.declaration_id, d.item_no,
       CASE WHEN f.in_burst THEN 0.7 WHEN f.nth <= $first_n THEN 0.2 ELSE 0.15 END AS score,
       CASE WHEN f.in_burst
                THEN printf('importer %s, unseen before, filed %d declarations within %d day(s) of its first',
                            f.importer_id, f.opening_declarations, $burst_days)
            WHEN f.nth <= $first_n
                THEN printf('declaration %d of importer %s, a trader new to this workspace', f.nth, f.importer_id)
            ELSE printf('importer %s (declaration %d) for the first time %s',
                        f.importer_id, f.nth,
                        concat_ws(' and ', 'files HS chapter(s) ' || f.new_chapters, 'imports from ' || f.new_origins))
       END AS reason,
       {'importer_id': f.importer_id, 'nth_declaration': f.nth, 'opening_declarations': f.opening_declarations,
        'new_chapters': f.new_chapters, 'new_origins': f.new_origins} AS evidence
FROM flags f JOIN declarations d USING (declaration_id)
WHERE f.in_burst OR f.nth <= $first_n OR f.new_chapters IS NOT NULL OR f.new_origins IS NOT NULL
