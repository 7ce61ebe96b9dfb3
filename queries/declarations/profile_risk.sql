-- ---
-- id = "profile_risk"
-- title = "Importer, declarant, HS6, origin or office with a poor record"
-- severity = "medium"
-- weight = 2.0
-- version = 1
-- tables = ["declarations"]
-- description = """
-- Smoothed risk profiles (BACUDA's `find_risk_profile`, DATE's "importer" baseline): for each
-- key — importer, declarant, HS6, origin, office — the share of its earlier examinations that
-- found an offence, smoothed towards the overall rate: `(offences + k · overall) /
-- (inspections + k)`. Everything is counted only over declarations made strictly before the
-- one being scored (the overall rate too), so a declaration's own outcome never feeds its
-- score. Keys whose smoothed rate is at least `lift` times the overall rate are flagged; the
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
WITH decl AS (
    SELECT declaration_id, min(declared_at) AS first_at,
           any_value(importer_id) AS importer, any_value(declarant_id) AS declarant, any_value(office_id) AS office,
           count(*) FILTER (WHERE inspected) AS inspected_items,
           count(*) FILTER (WHERE inspected AND illicit) AS offences
    FROM declarations GROUP BY declaration_id
),
item_keys AS (
    SELECT d.declaration_id, d.item_no, k.kind, k.key
    FROM declarations d
    JOIN decl USING (declaration_id),
    LATERAL (VALUES ('importer', decl.importer), ('declarant', decl.declarant), ('office', decl.office),
                    ('HS6', left(d.hs_code, 6)), ('origin', coalesce(d.origin_country, d.extra->>'country'))) k(kind, key)
    WHERE k.key IS NOT NULL
),
key_events AS (
    -- one row per (key, declaration): what that declaration's examinations found
    SELECT i.kind, i.key, i.declaration_id, any_value(decl.first_at) AS first_at,
           sum(CASE WHEN d.inspected THEN 1 ELSE 0 END) AS inspected,
           sum(CASE WHEN d.inspected AND d.illicit THEN 1 ELSE 0 END) AS offences
    FROM item_keys i JOIN declarations d USING (declaration_id, item_no) JOIN decl USING (declaration_id)
    GROUP BY i.kind, i.key, i.declaration_id
),
overall AS (
    -- the offence rate among all examinations before each declaration
    SELECT declaration_id,
           coalesce(sum(offences) OVER w, 0) / nullif(coalesce(sum(inspected_items) OVER w, 0), 0) AS overall_rate
    FROM decl
    WINDOW w AS (ORDER BY first_at RANGE BETWEEN UNBOUNDED PRECEDING AND to_microseconds(1) PRECEDING)
),
history AS (
    SELECT kind, key, declaration_id,
           coalesce(sum(inspected) OVER w, 0) AS inspected_before,
           coalesce(sum(offences) OVER w, 0) AS offences_before
    FROM key_events
    WINDOW w AS (PARTITION BY kind, key ORDER BY first_at RANGE BETWEEN UNBOUNDED PRECEDING AND to_microseconds(1) PRECEDING)
),
rated AS (
    SELECT h.*, o.overall_rate,
           (h.offences_before + $k * o.overall_rate) / (h.inspected_before + $k) AS rate
    FROM history h JOIN overall o USING (declaration_id)
    WHERE o.overall_rate > 0
)
SELECT i.declaration_id, i.item_no,
       least(1.0, r.rate / (2 * $lift * r.overall_rate)) AS score,
       printf('%s %s: %d of %d earlier examinations found an offence (smoothed rate %.2f, %.1f× the overall %.2f)',
              r.kind, r.key, CAST(r.offences_before AS BIGINT), CAST(r.inspected_before AS BIGINT), r.rate,
              r.rate / r.overall_rate, r.overall_rate) AS reason,
       {'key': r.kind, 'value': r.key, 'inspected_before': r.inspected_before, 'offences_before': r.offences_before,
        'smoothed_rate': round(r.rate, 4), 'overall_rate': round(r.overall_rate, 4)} AS evidence
FROM item_keys i JOIN rated r USING (kind, key, declaration_id)
WHERE r.rate >= $lift * r.overall_rate
