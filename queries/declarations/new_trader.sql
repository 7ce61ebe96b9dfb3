-- ---
-- id = "new_trader"
-- title = "New trader, or a trader in new territory"
-- severity = "medium"
-- weight = 1.5
-- version = 1
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
-- description = "declarations after which a new HS chapter counts as new territory"
-- ---
WITH decl AS (
    SELECT declaration_id, importer_id, min(declared_at) AS declared_at, list(DISTINCT left(hs_code, 2)) AS chapters
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
chapter_firsts AS (
    SELECT declaration_id, chapter, nth,
           row_number() OVER (PARTITION BY importer_id, chapter ORDER BY declared_at, declaration_id) AS nth_in_chapter
    FROM ranked, unnest(chapters) AS t(chapter)
),
new_chapters AS (
    SELECT declaration_id, string_agg(chapter, ', ' ORDER BY chapter) AS chapters
    FROM chapter_firsts
    WHERE nth_in_chapter = 1 AND nth > $established_after
    GROUP BY declaration_id
),
flags AS (
    SELECT r.declaration_id, r.importer_id, r.nth, o.opening_declarations, c.chapters AS new_chapters,
           o.opening_declarations >= $burst_min
               AND r.declared_at < r.first_seen + to_days(CAST($burst_days AS INTEGER)) AS in_burst
    FROM ranked r
    JOIN opening o USING (importer_id)
    LEFT JOIN new_chapters c USING (declaration_id)
)
SELECT d.declaration_id, d.item_no,
       CASE WHEN f.in_burst THEN 0.7 WHEN f.nth <= $first_n THEN 0.2 ELSE 0.15 END AS score,
       CASE WHEN f.in_burst
                THEN printf('importer %s, unseen before, filed %d declarations within %d day(s) of its first',
                            f.importer_id, f.opening_declarations, $burst_days)
            WHEN f.nth <= $first_n
                THEN printf('declaration %d of importer %s, a trader new to this workspace', f.nth, f.importer_id)
            ELSE printf('importer %s (declaration %d) files HS chapter(s) %s for the first time',
                        f.importer_id, f.nth, f.new_chapters)
       END AS reason,
       {'importer_id': f.importer_id, 'nth_declaration': f.nth, 'opening_declarations': f.opening_declarations,
        'new_chapters': f.new_chapters} AS evidence
FROM flags f JOIN declarations d USING (declaration_id)
WHERE f.in_burst OR f.nth <= $first_n OR f.new_chapters IS NOT NULL
