-- ---
-- id = "unit_value_outlier"
-- title = "Unit value far from its HS6 × origin norm"
-- severity = "high"
-- weight = 3.0
-- version = 1
-- tables = ["declarations"]
-- description = """
-- Customs value per kilogram (and per supplementary unit where one is declared) compared with
-- the items of the same HS6 subheading and origin — or, where that group has fewer than
-- `min_group` items, of the same HS6 from any origin, then of the same HS4 heading — on a log
-- scale with robust statistics: the median and the median absolute deviation (MAD, scaled by
-- 1.4826 to estimate a standard deviation). Items at least `threshold` robust standard
-- deviations below the norm are possible undervaluation; above it, possible overvaluation
-- (capital flight, drawback fraud). Items with no group of `min_group` are not judged.
-- """
-- [params.threshold]
-- type = "float"
-- default = 3.0
-- description = "robust z-score (in MAD-estimated standard deviations) from which an item is flagged"
-- [params.min_group]
-- type = "integer"
-- default = 20
-- description = "minimum number of items in the HS6 × origin group"
-- ---
WITH items AS (
    SELECT declaration_id, item_no, left(hs_code, 6) AS hs6, left(hs_code, 4) AS hs4,
           coalesce(origin_country, extra->>'country') AS origin,
           ln(customs_value / net_mass_kg) AS lv_kg,
           CASE WHEN quantity_unit IS DISTINCT FROM 'KGM' AND quantity > 0 THEN ln(customs_value / quantity) END AS lv_unit,
           customs_value, net_mass_kg, quantity, quantity_unit
    FROM declarations
    WHERE customs_value > 0 AND net_mass_kg > 0
),
levels AS (
    -- each item once per peer group it belongs to; `level` 1 is the most specific
    SELECT 1 AS level, hs4, hs6, origin, lv_kg, lv_unit FROM items
    UNION ALL
    SELECT 2, hs4, hs6, NULL, lv_kg, lv_unit FROM items
    UNION ALL
    SELECT 3, hs4, NULL, NULL, lv_kg, lv_unit FROM items
),
medians AS (
    SELECT level, hs4, hs6, origin, count(*) AS n, median(lv_kg) AS med_kg, median(lv_unit) AS med_unit
    FROM levels GROUP BY level, hs4, hs6, origin
    HAVING count(*) >= $min_group
),
norms AS (
    -- One row per group at each level; the median absolute deviation (MAD) in two steps, as
    -- every engine can compute it.
    SELECT m.level, m.hs4, m.hs6, m.origin,
           {'level': m.level, 'n': m.n,
            'med_kg': m.med_kg, 'sd_kg': 1.4826 * median(abs(l.lv_kg - m.med_kg)),
            'med_unit': m.med_unit, 'sd_unit': 1.4826 * median(abs(l.lv_unit - m.med_unit))} AS norm
    FROM levels l JOIN medians m
      ON m.level = l.level AND m.hs4 IS NOT DISTINCT FROM l.hs4 AND m.hs6 IS NOT DISTINCT FROM l.hs6
     AND m.origin IS NOT DISTINCT FROM l.origin
    GROUP BY m.level, m.hs4, m.hs6, m.origin, m.n, m.med_kg, m.med_unit
),
peer_norms AS (
    -- for each (HS6, origin) that occurs, the norm of its most specific group that has one;
    -- done on the few thousand distinct pairs so that the items meet the norms in a single
    -- equality join whose build side is this small table
    SELECT p.hs6, p.origin, coalesce(n1.norm, n2.norm, n3.norm) AS norm
    FROM (SELECT DISTINCT hs4, hs6, origin FROM items) p
    LEFT JOIN norms n1 ON n1.level = 1 AND n1.hs6 = p.hs6 AND n1.origin IS NOT DISTINCT FROM p.origin
    LEFT JOIN norms n2 ON n2.level = 2 AND n2.hs6 = p.hs6
    LEFT JOIN norms n3 ON n3.level = 3 AND n3.hs4 = p.hs4
    WHERE coalesce(n1.norm, n2.norm, n3.norm) IS NOT NULL
),
best AS (
    SELECT i.*, p.norm.level AS level, p.norm.n AS n, p.norm.med_kg AS med_kg, p.norm.sd_kg AS sd_kg,
           p.norm.med_unit AS med_unit, p.norm.sd_unit AS sd_unit
    FROM items i JOIN peer_norms p ON p.hs6 = i.hs6 AND p.origin IS NOT DISTINCT FROM i.origin
),
scored AS (
    SELECT *,
           (lv_kg - med_kg) / nullif(sd_kg, 0) AS z_kg,
           (lv_unit - med_unit) / nullif(sd_unit, 0) AS z_unit,
           CASE level WHEN 1 THEN 'HS6 ' || hs6 || ' from ' || origin WHEN 2 THEN 'HS6 ' || hs6 ELSE 'HS4 ' || hs4 END AS peer_group
    FROM best
),
worst AS (
    SELECT *,
           CASE WHEN abs(coalesce(z_unit, 0)) > abs(coalesce(z_kg, 0)) THEN z_unit ELSE z_kg END AS z,
           CASE WHEN abs(coalesce(z_unit, 0)) > abs(coalesce(z_kg, 0)) THEN 'per ' || quantity_unit ELSE 'per kg' END AS basis
    FROM scored
)
SELECT declaration_id, item_no,
       least(1.0, abs(z) / (2 * $threshold)) AS score,
       printf('customs value %s is %.1f robust SD %s the median of %d items of %s',
              basis, abs(z), CASE WHEN z < 0 THEN 'below' ELSE 'above' END, n, peer_group) AS reason,
       {'direction': CASE WHEN z < 0 THEN 'under' ELSE 'over' END, 'basis': basis, 'z': round(z, 2),
        'usd_per_kg': round(customs_value / net_mass_kg, 4), 'group_median_usd_per_kg': round(exp(med_kg), 4),
        'group_items': n, 'peer_group': peer_group} AS evidence
FROM worst
WHERE abs(z) >= $threshold
