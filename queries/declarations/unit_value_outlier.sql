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
norms AS (
    -- One row per group at each level; `level` 1 is the most specific.
    SELECT CASE WHEN GROUPING(origin) = 0 THEN 1 WHEN GROUPING(hs6) = 0 THEN 2 ELSE 3 END AS level,
           hs4, hs6, origin, count(*) AS n,
           median(lv_kg) AS med_kg, 1.4826 * mad(lv_kg) AS sd_kg,
           median(lv_unit) AS med_unit, 1.4826 * mad(lv_unit) AS sd_unit
    FROM items
    GROUP BY GROUPING SETS ((hs4, hs6, origin), (hs4, hs6), (hs4))
    HAVING count(*) >= $min_group
),
best AS (
    SELECT i.*, n.level, n.n, n.med_kg, n.sd_kg, n.med_unit, n.sd_unit,
           row_number() OVER (PARTITION BY i.declaration_id, i.item_no ORDER BY n.level) AS pick
    FROM items i JOIN norms n
      ON n.hs4 = i.hs4
     AND (n.level = 3 OR n.hs6 = i.hs6)
     AND (n.level <> 1 OR n.origin = i.origin)
),
scored AS (
    SELECT *,
           (lv_kg - med_kg) / nullif(sd_kg, 0) AS z_kg,
           (lv_unit - med_unit) / nullif(sd_unit, 0) AS z_unit,
           CASE level WHEN 1 THEN 'HS6 ' || hs6 || ' from ' || origin WHEN 2 THEN 'HS6 ' || hs6 ELSE 'HS4 ' || hs4 END AS peer_group
    FROM best WHERE pick = 1
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
