-- ---
-- id = "mass_inconsistency"
-- title = "Mass and quantity that do not add up"
-- severity = "low"
-- weight = 0.5
-- version = 1
-- tables = ["declarations"]
-- description = """
-- Net mass above gross mass; a zero net mass on goods with a value; or a mass per supplementary
-- unit far from what the same HS6 usually weighs (robust z on a log scale, groups of at least
-- `min_group`). Such items often hide a misdeclared quantity, description or tariff line.
-- """
-- [params.threshold]
-- type = "float"
-- default = 4.0
-- description = "robust z-score of the mass per unit from which an item is flagged"
-- [params.min_group]
-- type = "integer"
-- default = 20
-- description = "minimum number of items of the HS6 with a supplementary unit"
-- ---
WITH per_unit AS (
    SELECT declaration_id, item_no, left(hs_code, 6) AS hs6, ln(net_mass_kg / quantity) AS lm
    FROM declarations
    WHERE quantity_unit IS DISTINCT FROM 'KGM' AND quantity > 0 AND net_mass_kg > 0
),
medians AS (
    SELECT hs6, count(*) AS n, median(lm) AS med
    FROM per_unit GROUP BY hs6 HAVING count(*) >= $min_group
),
norms AS (
    -- the median absolute deviation (MAD) in two steps, as every engine can compute it
    SELECT m.hs6, m.n, m.med, 1.4826 * median(abs(p.lm - m.med)) AS sd
    FROM per_unit p JOIN medians m USING (hs6)
    GROUP BY m.hs6, m.n, m.med
),
unit_outliers AS (
    SELECT p.declaration_id, p.item_no, (p.lm - n.med) / nullif(n.sd, 0) AS z, n.n, p.hs6, exp(p.lm) AS kg_per_unit, exp(n.med) AS usual
    FROM per_unit p JOIN norms n USING (hs6)
)
SELECT declaration_id, item_no, 0.8 AS score,
       printf('net mass %.1f kg exceeds gross mass %.1f kg', net_mass_kg, gross_mass_kg) AS reason,
       {'check': 'net_above_gross', 'net_mass_kg': net_mass_kg, 'gross_mass_kg': gross_mass_kg}::JSON AS evidence
FROM declarations WHERE net_mass_kg > gross_mass_kg
UNION ALL
SELECT declaration_id, item_no, 0.6,
       printf('net mass is zero for goods declared at %.2f', customs_value),
       {'check': 'zero_mass', 'customs_value': customs_value}::JSON
FROM declarations WHERE net_mass_kg = 0 AND customs_value > 0
UNION ALL
SELECT declaration_id, item_no, least(1.0, abs(z) / (2 * $threshold)),
       printf('%.3f kg per unit is %.1f robust SD from the usual %.3f kg for HS6 %s (%d items)', kg_per_unit, abs(z), usual, hs6, n),
       {'check': 'unit_mass', 'z': round(z, 2), 'usual_kg_per_unit': round(usual, 4), 'group_items': n}::JSON
FROM unit_outliers WHERE abs(z) >= $threshold
