-- ---
-- id = "declared_value_digits"
-- title = "Declared values that look made up"
-- severity = "low"
-- weight = 1.0
-- version = 1
-- tables = ["declarations"]
-- description = """
-- Per declarant with at least `min_items` valued items: (1) the first digits of its declared
-- customs values against Benford's law — a mean absolute deviation (MAD) above `benford_mad`
-- (Nigrini's nonconformity bound for first digits is 0.015) flags the items whose first digit
-- is over-represented beyond chance (a z-score of at least `digit_z` for that digit's share,
-- which keeps small declarants' sampling noise out); (2) round numbers — a declarant whose share of values that are whole
-- thousands is at least `round_lift` times the share over all declarants (and at least 10 %)
-- has those round values flagged. Invented values cluster on favourite digits and round sums.
-- """
-- [params.min_items]
-- type = "integer"
-- default = 50
-- description = "declarants with fewer valued items are not judged"
-- [params.benford_mad]
-- type = "float"
-- default = 0.015
-- description = "first-digit MAD from which a declarant's values do not conform to Benford's law"
-- [params.digit_z]
-- type = "float"
-- default = 4.0
-- description = "z-score of a first digit's excess share from which its items are flagged"
-- [params.round_lift]
-- type = "float"
-- default = 5.0
-- description = "how many times the overall share of whole-thousand values a declarant must reach"
-- ---
WITH valued AS (
    SELECT declaration_id, item_no, declarant_id, customs_value,
           CAST(left(CAST(CAST(floor(customs_value) AS BIGINT) AS VARCHAR), 1) AS INTEGER) AS digit,
           customs_value >= 1000 AND customs_value % 1000 = 0 AS whole_thousand
    FROM declarations
    WHERE declarant_id IS NOT NULL AND customs_value >= 1
),
declarants AS (
    SELECT declarant_id, count(*) AS n, avg(CASE WHEN whole_thousand THEN 1.0 ELSE 0.0 END) AS round_share
    FROM valued GROUP BY declarant_id HAVING count(*) >= $min_items
),
digits AS (
    SELECT v.declarant_id, v.digit, count(*) / max(d.n) AS observed, log10(1 + 1 / v.digit) AS expected
    FROM valued v JOIN declarants d USING (declarant_id)
    GROUP BY v.declarant_id, v.digit
),
conformity AS (
    -- digits a declarant never uses still count in the MAD
    SELECT d.declarant_id, sum(abs(coalesce(g.observed, 0) - log10(1 + 1 / e.digit))) / 9 AS mad
    FROM declarants d CROSS JOIN (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9)) e(digit)
    LEFT JOIN digits g ON g.declarant_id = d.declarant_id AND g.digit = e.digit
    GROUP BY d.declarant_id
),
overall AS (SELECT avg(CASE WHEN whole_thousand THEN 1.0 ELSE 0.0 END) AS share FROM valued)
SELECT v.declaration_id, v.item_no, least(1.0, 0.3 + c.mad * 10) AS score,
       printf('declarant %s: %.0f %% of its %d values start with %d (Benford %.1f %%; first-digit MAD %.3f)',
              v.declarant_id, 100 * g.observed, d.n, v.digit, 100 * g.expected, c.mad) AS reason,
       {'check': 'benford', 'declarant_id': v.declarant_id, 'digit': v.digit, 'observed': round(g.observed, 4),
        'benford': round(g.expected, 4), 'mad': round(c.mad, 4), 'items': d.n}::JSON AS evidence
FROM valued v
JOIN declarants d USING (declarant_id)
JOIN conformity c USING (declarant_id)
JOIN digits g ON g.declarant_id = v.declarant_id AND g.digit = v.digit
WHERE c.mad > $benford_mad
  AND (g.observed - g.expected) / sqrt(g.expected * (1 - g.expected) / d.n) >= $digit_z
UNION ALL
SELECT v.declaration_id, v.item_no, 0.5,
       printf('declarant %s: %.0f %% of its %d values are whole thousands (%.1f %% over all declarants)',
              v.declarant_id, 100 * d.round_share, d.n, 100 * o.share),
       {'check': 'round_numbers', 'declarant_id': v.declarant_id, 'round_share': round(d.round_share, 4),
        'overall_share': round(o.share, 4), 'items': d.n}::JSON
FROM valued v JOIN declarants d USING (declarant_id) CROSS JOIN overall o
WHERE v.whole_thousand AND d.round_share >= 0.10 AND d.round_share >= $round_lift * o.share
