-- ---
-- id = "plugin_score"
-- title = "A scoring plugin (a model outside clearway) rates the item as risky"
-- severity = "medium"
-- weight = 2.0
-- version = 1
-- tables = ["declarations", "plugin_scores"]
-- description = """
-- Scoring plugins (plugins/ml-score, or any plugin whose table has declaration_id, item_no,
-- score in 0..1, reason and model) write their output into `plugin_scores`:
--
--     clearway plugin call ml-score score --arg model=/…/model.pkl \
--         --input-query "SELECT * FROM declarations" --into plugin_scores
--
-- This rule turns each score at or above the threshold into a hit, so the model's view joins
-- the combined score, the lanes and `risk explain` beside the hand-written rules. Only the
-- latest score of an item (by model: the highest `arrival`, the order rows were written in)
-- counts; items no longer in `declarations` are ignored.
-- """
-- [params.threshold]
-- type = "float"
-- default = 0.5
-- description = "the plugin score from which an item is a hit"
-- ---
SELECT s.declaration_id, s.item_no, s.score,
       s.reason,
       {'model': s.model, 'plugin_score': round(s.score, 4)} AS evidence
FROM (SELECT declaration_id, item_no, model, arg_max(score, (arrival, score)) AS score, arg_max(reason, (arrival, score)) AS reason
      FROM plugin_scores GROUP BY ALL) s
JOIN (SELECT DISTINCT declaration_id, item_no FROM declarations) d
  ON d.declaration_id = s.declaration_id AND d.item_no = s.item_no
WHERE s.score >= $threshold
