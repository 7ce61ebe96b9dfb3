#!/usr/bin/env bash
# Benchmark of issue 10: clearway's learned risk model against XGBoost (PyPI) on the same
# exported feature matrix, the same time split and the same validation slice — AUC and
# precision@5 % on the test period, training time and peak memory. Both use XGBoost's default
# η (0.3) and depth (6), clearway's model file telling the anchor which.
#
#   bash bench/model.sh                    # 1,000,000 generated items
#   ROWS=10000000 bash bench/model.sh
set -euo pipefail
ROWS=${ROWS:-1000000}
RUNS=1
source "$(dirname "$0")/common.sh"
"$DIR/venv/bin/pip" install --quiet numpy==2.2.6 xgboost==3.0.5
WORK="$DIR/$ROWS/model"
mkdir -p "$WORK"
WS="$WORK/ws.duckdb"
if [ ! -s "$WS" ] || [ "$CSV" -nt "$WS" ]; then
  rm -f "$WS" "$WS.wal"
  "$BIN" --quiet --workspace "$WS" load declarations "$CSV" > /dev/null
  "$BIN" --quiet --workspace "$WS" risk run > /dev/null
fi
timed() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
features=$(timed "$BIN" --workspace "$WS" model features --out "$WORK/features.parquet")
cw=$(timed "$BIN" --workspace "$WS" model train --out "$WORK/model.json")
"$BIN" --workspace "$WS" model evaluate "$WORK/model.json" --format json > "$WORK/evaluation.json"
xg_all=$(/usr/bin/time -f "%e %M" "$PY" bench/model_xgboost.py "$WORK/features.parquet" "$WORK/model.json" 2> "$WORK/xg.time")
xg_time=$(tail -1 "$WORK/xg.time")
"$PY" - "$WORK/evaluation.json" "$WORK/model.json" "$xg_all" "$cw" "$xg_time" "$features" <<'PYEOF'
import json, sys
e = json.load(open(sys.argv[1])); m = json.load(open(sys.argv[2])); x = json.loads(sys.argv[3])
cw_wall, cw_kb = map(float, sys.argv[4].split()); xg_wall, xg_kb = map(float, sys.argv[5].split())
f_wall, f_kb = map(float, sys.argv[6].split())
auc = dict(e["auc"])
ours = [r for r in e["evaluation"]["metrics"] if r["model"].startswith("model ")]
rules = [r for r in e["evaluation"]["metrics"] if r["model"] == "combined score"]
def at(rows, pct, key): return next(r[key] for r in rows if r["inspected_pct"] == pct)
print(f"{m['training']['train_rows']} labelled training items, {e['evaluation']['test_items']} test items "
      f"({e['evaluation']['illicit_rate']*100:.2f} % illicit), {len(m['features'])} features; xgboost {x['xgboost']}")
print(f"{'':34} {'AUC':>6} " + " ".join(f"{'P@'+str(p)+'%':>7}" for p in (1, 2, 5, 10)) + f" {'R@5%':>6} {'Rev@5%':>7} {'trees':>5}")
def row(name, a, prec, rec5, rev5, trees):
    print(f"{name:34} {a*100:6.2f} " + " ".join(f"{v*100:7.2f}" for v in prec) + f" {rec5*100:6.2f} {rev5*100:7.2f} {trees:>5}")
model_auc = next(v for k, v in auc.items() if k.startswith("model "))
row("clearway model (forust GBDT)", model_auc, [at(ours, p, "precision") for p in (1, 2, 5, 10)], at(ours, 5, "recall"), at(ours, 5, "revenue"), m["trees"])
row("XGBoost, same matrix and split", x["auc"], [x["metrics"][str(p)]["precision"] for p in (1, 2, 5, 10)], x["metrics"]["5"]["recall"], x["metrics"]["5"]["revenue"], x["trees"])
row("combined rule score", auc["combined score"], [at(rules, p, "precision") for p in (1, 2, 5, 10)], at(rules, 5, "recall"), at(rules, 5, "revenue"), 0)
print(f"difference, clearway − XGBoost: AUC {(model_auc - x['auc'])*100:+.2f} points, precision@5% {(at(ours, 5, 'precision') - x['metrics']['5']['precision'])*100:+.2f} points (target: ≥ −1)")
t = m["training"]
print(f"fit: clearway {t['fit_seconds']:.2f} s, XGBoost {x['fit_seconds']:.2f} s (DMatrix included) → {t['fit_seconds'] / x['fit_seconds']:.2f}× (target ≤ 1)")
print(f"clearway `model train` whole: {cw_wall:.2f} s (feature SQL {t['feature_seconds']:.2f} s, fit, drift bins), peak {cw_kb/1024:.0f} MB; "
      f"XGBoost script whole: {xg_wall:.2f} s (reading the exported matrix, fit, scoring), peak {xg_kb/1024:.0f} MB; "
      f"`model features` export {f_wall:.2f} s, peak {f_kb/1024:.0f} MB")
PYEOF
