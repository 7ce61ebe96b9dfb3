-- ---
-- id = "profile_risk"
-- title = "Importer, declarant, HS6, origin or office with a poor record"
-- severity = "medium"
-- weight = 2.0
-- version = 2
-- tables = ["declarations"]
-- description = """
-- Smoothed risk profiles (BACUDA's `find_risk_profile`, DATE's "importer" baseline): for each
-- key — importer, declarant, HS6, origin, office — the share of its earlier examinations that
-- found an offence, smoothed towards the overall rate: `(offences + k · overall) /
-- (inspections + k)`. Everything is counted only over declarations made on days before the
-- one being scored (the overall rate too), so neither a declaration's own outcome nor that of
-- a same-day declaration, whose examination would not have finished when it was lodged,
-- feeds its score. Keys whose smoothed rate is at least `lift` times the overall rate are flagged; the
-- smoothing constant `k` keeps a key with one unlucky inspection from looking like a serial
-- offender.
-- """
-- [params.k]
-- type = "float"
-- default = 10.0
-- description = "smoothing: pseudo-inspections added to every key's history"
-- [params.lift]
-- type = "float"
-- default = 2.0
-- description = "how many times the overall offence rate a key's smoothed rate must reach"
-- ---
-- Why per day: history is kept as one row per key and day, so the running totals are window
-- sums over a few million (key, day) rows instead of one row per key and declaration — the
-- difference between seconds and minutes at ten million items.
WITH decl AS (
    SELECT declaration_id, CAST(min(declared_at) AS DATE) AS day,
           min(importer_id) AS importer, min(declarant_id) AS declarant, min(office_id) AS office
    FROM declarations GROUP BY declaration_id
),
items AS (
    SELECT d.declaration_id, d.item_no, decl.day, decl.importer, decl.declarant, decl.office,
           left(d.hs_code, 6) AS hs6, coalesce(d.origin_country, d.extra->>'country') AS origin,
           CAST(coalesce(d.inspected, false) AS INTEGER) AS inspected,
           CAST(coalesce(d.inspected AND d.illicit, false) AS INTEGER) AS offence
    FROM declarations d JOIN decl USING (declaration_id)
),
key_days AS (
    -- what the examinations of each key found on each day, one grouping per kind of key
    SELECT 'importer' AS kind, importer AS key, day, sum(inspected) AS inspected, sum(offence) AS offences
    FROM items WHERE importer IS NOT NULL GROUP BY importer, day
    UNION ALL
    SELECT 'declarant', declarant, day, sum(inspected), sum(offence)
    FROM items WHERE declarant IS NOT NULL GROUP BY declarant, day
    UNION ALL
    SELECT 'office', office, day, sum(inspected), sum(offence)
    FROM items WHERE office IS NOT NULL GROUP BY office, day
    UNION ALL
    SELECT 'HS6', hs6, day, sum(inspected), sum(offence)
    FROM items WHERE hs6 IS NOT NULL GROUP BY hs6, day
    UNION ALL
    SELECT 'origin', origin, day, sum(inspected), sum(offence)
    FROM items WHERE origin IS NOT NULL GROUP BY origin, day
),
overall AS (
    -- the offence rate among all examinations on earlier days
    SELECT day, sum(offences) OVER w / nullif(sum(inspected) OVER w, 0) AS overall_rate
    FROM (SELECT day, sum(inspected) AS inspected, sum(offence) AS offences FROM items GROUP BY day)
    WINDOW w AS (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
history AS (
    SELECT kind, key, day,
           coalesce(sum(inspected) OVER w, 0) AS inspected_before,
           coalesce(sum(offences) OVER w, 0) AS offences_before
    FROM key_days
    WINDOW w AS (PARTITION BY kind, key ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
flagged AS (
    SELECT h.*, o.overall_rate,
           (h.offences_before + $k * o.overall_rate) / (h.inspected_before + $k) AS rate
    FROM history h JOIN overall o USING (day)
    WHERE o.overall_rate > 0
      AND (h.offences_before + $k * o.overall_rate) / (h.inspected_before + $k) >= $lift * o.overall_rate
),
item_keys AS (
    -- each item against the flagged (key, day)s it belongs to; `flagged` is small, so five
    -- probes of it beat unpivoting every item into five rows
    SELECT i.declaration_id, i.item_no, f.* FROM items i JOIN flagged f ON f.kind = 'importer' AND f.key = i.importer AND f.day = i.day
    UNION ALL
    SELECT i.declaration_id, i.item_no, f.* FROM items i JOIN flagged f ON f.kind = 'declarant' AND f.key = i.declarant AND f.day = i.day
    UNION ALL
    SELECT i.declaration_id, i.item_no, f.* FROM items i JOIN flagged f ON f.kind = 'office' AND f.key = i.office AND f.day = i.day
    UNION ALL
    SELECT i.declaration_id, i.item_no, f.* FROM items i JOIN flagged f ON f.kind = 'HS6' AND f.key = i.hs6 AND f.day = i.day
    UNION ALL
    SELECT i.declaration_id, i.item_no, f.* FROM items i JOIN flagged f ON f.kind = 'origin' AND f.key = i.origin AND f.day = i.day
)
SELECT declaration_id, item_no,
       least(1.0, rate / (2 * $lift * overall_rate)) AS score,
       printf('%s %s: %d of %d examinations on earlier days found an offence (smoothed rate %.2f, %.1f× the overall %.2f)',
              kind, key, CAST(offences_before AS BIGINT), CAST(inspected_before AS BIGINT), rate,
              rate / overall_rate, overall_rate) AS reason,
       {'key': kind, 'value': key, 'inspected_before': inspected_before, 'offences_before': offences_before,
        'smoothed_rate': round(rate, 4), 'overall_rate': round(overall_rate, 4)} AS evidence
FROM item_keys
