"""Anchor of bench/model.sh: XGBoost (native API: no scikit-learn needed) on the feature matrix
clearway exported, with clearway's time split and validation slice, default-ish settings. Prints one JSON line: fit seconds,
AUC and precision/recall/revenue at 1/2/5/10 % inspected on the test period."""
import json
import sys
import time

import duckdb
import numpy as np
import xgboost as xgb

features_path, model_path = sys.argv[1], sys.argv[2]
model = json.load(open(model_path))
names = model["features"]
test_from = model["training"]["test_from"]
share = model["params"]["validation_share"]

con = duckdb.connect()
cols = ", ".join(f'CAST("{n}" AS DOUBLE) AS "{n}"' for n in names)
base = f"SELECT {cols}, CAST(coalesce(illicit, false) AS DOUBLE) AS y, coalesce(revenue_recovered, 0) AS revenue, declaration_id, item_no FROM '{features_path}'"
order = "ORDER BY declared_at, declaration_id, item_no"
train = con.execute(f"{base} WHERE labelled AND declared_at < CAST('{test_from}' AS DATE) {order}").fetchnumpy()
test = con.execute(f"{base} WHERE illicit IS NOT NULL AND declared_at >= CAST('{test_from}' AS DATE) {order}").fetchnumpy()


def matrix(d):
    return np.column_stack([np.asarray(d[n], dtype=float) for n in names])


x, y = matrix(train), np.asarray(train["y"])
cut = int(len(y) * (1 - share))
neg, pos = (y[:cut] < 0.5).sum(), (y[:cut] > 0.5).sum()
params = {"objective": "binary:logistic", "eta": model["params"]["learning_rate"], "max_depth": model["params"]["max_depth"], "tree_method": "hist",
          "scale_pos_weight": neg / max(pos, 1), "eval_metric": "auc", "seed": 42, "nthread": 2}
started = time.perf_counter()
dtrain = xgb.DMatrix(x[:cut], label=y[:cut], missing=np.nan)
dvalid = xgb.DMatrix(x[cut:], label=y[cut:], missing=np.nan)
booster = xgb.train(params, dtrain, num_boost_round=500, evals=[(dvalid, "valid")],
                    early_stopping_rounds=25, verbose_eval=False)
fit_seconds = time.perf_counter() - started

xt, yt, rev = matrix(test), np.asarray(test["y"]), np.asarray(test["revenue"], dtype=float)
p = booster.predict(xgb.DMatrix(xt, missing=np.nan), iteration_range=(0, booster.best_iteration + 1))
order_ = np.argsort(-p, kind="stable")
ranks = np.empty(len(p))
ranks[np.argsort(p, kind="stable")] = np.arange(1, len(p) + 1)
# average ranks for ties
_, inverse, counts = np.unique(p, return_inverse=True, return_counts=True)
sums = np.bincount(inverse, weights=ranks)
ranks = sums[inverse] / counts[inverse]
npos, nneg = (yt > 0.5).sum(), (yt < 0.5).sum()
auc = (ranks[yt > 0.5].sum() - npos * (npos + 1) / 2) / (npos * nneg)
metrics = {}
for pct in (1, 2, 5, 10):
    k = int(np.ceil(len(p) * pct / 100))
    top = order_[:k]
    metrics[pct] = {"precision": float(yt[top].sum() / k), "recall": float(yt[top].sum() / max(npos, 1)),
                    "revenue": float(rev[top].sum() / max(rev.sum(), 1e-12))}
print(json.dumps({"fit_seconds": fit_seconds, "trees": int(booster.best_iteration) + 1, "auc": float(auc),
                  "metrics": metrics, "train_rows": int(len(y)), "test_rows": int(len(yt)),
                  "xgboost": xgb.__version__}))
