-- ---
-- id = "hs_misclassification"
-- title = "The description reads as another heading, with duty at stake"
-- severity = "high"
-- weight = 3.0
-- version = 1
-- tables = ["declarations", "hs_suggestions"]
-- description = """
-- `clearway classify score --model MODEL` writes, for every item, the HS 2022 subheadings its
-- goods description reads as (a classifier trained on the nomenclature and the workspace's own
-- classified items), each with its probability and why. An item is a hit when the first
-- suggestion is at least `min_probability` sure and disagrees with the declared code at
-- heading (HS4) or chapter level: the classic misclassification declares goods under a
-- neighbouring heading with a lower duty (televisions as television parts, garments as
-- fabric).
--
-- The score is the suggestion's probability, lowered where little duty is at stake: the
-- customs value times the difference between the suggested and the declared heading's tax
-- rates, each rate the median of taxes / customs value over the workspace's items of that
-- heading (from `min_items` items; otherwise unknown). At `stake_usd` of duty or more the
-- score is the probability; with none (or unknown) it is a quarter of it, since the
-- disagreement still deserves a look (licences, prohibitions, statistics).
-- """
-- [params.min_probability]
-- type = "float"
-- default = 0.65
-- description = "how sure the first suggestion must be (measured on generated data: docs/classify.md)"
-- [params.stake_usd]
-- type = "float"
-- default = 1000.0
-- description = "duty at stake (USD) from which the score is the suggestion's probability"
-- [params.min_items]
-- type = "integer"
-- default = 20
-- description = "items of a heading from which its tax rate is estimated"
-- ---
WITH items AS (
    SELECT declaration_id, item_no, left(hs_code, 6) AS declared, left(hs_code, 4) AS declared_hs4,
           CAST(customs_value AS DOUBLE) AS value, CAST(total_taxes AS DOUBLE) AS taxes
    FROM declarations
),
rates AS (
    -- each heading's tax rate as the workspace's own items pay it
    SELECT declared_hs4 AS hs4, median(taxes / value) AS rate
    FROM items
    WHERE value > 0 AND taxes >= 0
    GROUP BY declared_hs4
    HAVING count(*) >= $min_items
),
confident AS (
    SELECT declaration_id, item_no, hs_code AS suggested, probability, reason AS why
    FROM hs_suggestions
    WHERE rank = 1 AND probability >= $min_probability
),
disagreements AS (
    SELECT i.declaration_id, i.item_no, i.declared, c.suggested, c.probability, c.why,
           CASE WHEN left(i.declared, 2) <> left(c.suggested, 2) THEN 'chapter' ELSE 'heading' END AS level,
           rd.rate AS declared_rate, rs.rate AS suggested_rate,
           greatest(0.0, coalesce(i.value * (rs.rate - rd.rate), 0.0)) AS stake
    FROM items i
    JOIN confident c ON c.declaration_id = i.declaration_id AND c.item_no = i.item_no
    LEFT JOIN rates rd ON rd.hs4 = i.declared_hs4
    LEFT JOIN rates rs ON rs.hs4 = left(c.suggested, 4)
    WHERE left(i.declared, 4) <> left(c.suggested, 4)
),
worded AS (
    SELECT *,
           CASE WHEN declared_rate IS NULL OR suggested_rate IS NULL
                THEN 'duty at stake unknown (too few items of a heading to know its rate)'
                ELSE printf('%.0f USD of duty at stake (tax rate %.3f suggested, %.3f declared)',
                            stake, suggested_rate, declared_rate) END AS stake_text
    FROM disagreements
)
SELECT declaration_id, item_no,
       probability * (0.25 + 0.75 * least(1.0, stake / $stake_usd)) AS score,
       printf('declared %s, but the description reads as %s (other %s, p %.2f): %s',
              declared, suggested, level, probability, stake_text) AS reason,
       {'declared': declared, 'suggested': suggested, 'level': level,
        'probability': round(probability, 4), 'declared_rate': round(declared_rate, 4),
        'suggested_rate': round(suggested_rate, 4), 'duty_at_stake': round(stake, 2),
        'why': why} AS evidence
FROM worded
