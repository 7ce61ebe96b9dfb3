-- ---
-- id = "model_score"
-- title = "The learned risk model rates the item as risky"
-- severity = "high"
-- weight = 3.0
-- version = 1
-- tables = ["declarations", "model_scores"]
-- description = """
-- `clearway model score MODEL` writes the gradient-boosted model's probability for each item
-- into `model_scores`, with the item's three largest feature contributions (Shapley values, in
-- log-odds) as the reason. This rule makes every score at or above the threshold a hit, so the
-- model joins the combined score, the lanes, `risk explain` and the TUI's case view beside the
-- hand-written rules. Only the latest scoring of an item counts.
-- """
-- [params.threshold]
-- type = "float"
-- default = 0.5
-- description = "the model probability from which an item is a hit"
-- ---
SELECT s.declaration_id, s.item_no, s.score, s.reason,
       {'model': s.model, 'probability': round(s.score, 4), 'contributions': json(s.contributions)} AS evidence
FROM (SELECT declaration_id, item_no, arg_max(score, (scored_at, model)) AS score,
             arg_max(reason, (scored_at, model)) AS reason, arg_max(model, (scored_at, model)) AS model,
             arg_max(contributions, (scored_at, model)) AS contributions
      FROM model_scores GROUP BY declaration_id, item_no) s
JOIN (SELECT DISTINCT declaration_id, item_no FROM declarations) d
  ON d.declaration_id = s.declaration_id AND d.item_no = s.item_no
WHERE s.score >= $threshold
