#!/usr/bin/env bash
# Benchmark of issue 22: `clearway classify` against scikit-learn TF-IDF + logistic regression
# (PyPI) on the same time split and the same descriptions of generated declarations, side by
# side in one run: top-1 and top-3 accuracy at HS6, HS4 and HS2, training and prediction time,
# peak memory; then what rule hs_misclassification finds of the planted pattern and adds to the
# combined score.
#
#   bash bench/classify.sh                  # 1,000,000 generated items
#   ROWS=100000 bash bench/classify.sh      # a quick look
#
# Split: items declared before SPLIT (default 2025-10-20, about 80 % of a generated year) train,
# the rest test. clearway trains `--from history` here, so both sides learn from exactly the
# same texts (the product's default adds the nomenclature's 6,900 entries).
# A: clearway classify train + classify evaluate (the evaluation reads the test items from the
#    workspace, vectorises and ranks them; no reasons are built for it).
# B: bench/classify_sklearn.py: TfidfVectorizer ×2 + one logistic regression per HS node, fitted
#    by saga (the multinomial model clearway fits) and, as a second anchor, by SGD (one-vs-rest);
#    its module doc says why not scikit-learn's default lbfgs at this size.
set -euo pipefail
ROWS=${ROWS:-1000000}
RUNS=1
SPLIT=${SPLIT:-2025-10-20}
source "$(dirname "$0")/common.sh"
"$DIR/venv/bin/pip" install --quiet numpy==2.2.6 scipy==1.15.3 scikit-learn==1.7.2
WORK="$DIR/$ROWS/classify"
mkdir -p "$WORK"
LOADED=$("$PY" -c "import sys; sys.path.insert(0, 'bench'); import benchlib, os; print(benchlib.loaded_workspace('$BIN', '$CSV', '$DIR/$ROWS', dict(os.environ)))")
WS="$WORK/ws.duckdb"
cp "$LOADED" "$WS"
rm -f "$WS.wal"
# A user configuration of this run's own (audit key and checkpoints): each run puts a fresh
# copy in the workspace's place, which the previous run's checkpoint would rightly report.
export XDG_CONFIG_HOME="$WORK/config"
rm -rf "$XDG_CONFIG_HOME"
# Prints "seconds peak-KB" of a command; a failed command ends the benchmark with its errors.
timed() {
  /usr/bin/time -f "%e %M" "$@" 2> "$WORK/time.txt" > "$WORK/out.txt" || { cat "$WORK/time.txt" >&2; exit 1; }
  tail -1 "$WORK/time.txt"
}

cw_train=$(timed "$BIN" --quiet --workspace "$WS" classify train --from history --before "$SPLIT" --out "$WORK/model.cwhs")
cp "$WORK/out.txt" "$WORK/train.txt"
cw_eval=$(timed "$BIN" --quiet --workspace "$WS" classify evaluate --model "$WORK/model.cwhs" --format json)
cp "$WORK/out.txt" "$WORK/evaluation.json"
sk_saga=$(SOLVER=saga timed "$PY" bench/classify_sklearn.py "$CSV" "$SPLIT")
cp "$WORK/out.txt" "$WORK/sklearn-saga.json"
sk_sgd=$(SOLVER=sgd timed "$PY" bench/classify_sklearn.py "$CSV" "$SPLIT")
cp "$WORK/out.txt" "$WORK/sklearn-sgd.json"

# The rule: the model's suggestions for every item, the declarations pack with and without it.
cw_score=$(timed "$BIN" --quiet --workspace "$WS" classify score --model "$WORK/model.cwhs")
"$BIN" --quiet --workspace "$WS" risk run --pack declarations --param hs_misclassification.min_probability=2 > /dev/null
without=$("$BIN" --quiet --workspace "$WS" query "SELECT max(run_id) FROM risk_runs" --format csv | tail -1)
"$BIN" --quiet --workspace "$WS" risk run --pack declarations > /dev/null
with=$("$BIN" --quiet --workspace "$WS" query "SELECT max(run_id) FROM risk_runs" --format csv | tail -1)
"$BIN" --quiet --workspace "$WS" risk evaluate --run "$without" --test-from "$SPLIT" --format json > "$WORK/without.json"
"$BIN" --quiet --workspace "$WS" risk evaluate --run "$with" --test-from "$SPLIT" --format json > "$WORK/with.json"
"$BIN" --quiet --workspace "$WS" query --format json "
  WITH h AS (SELECT DISTINCT declaration_id, item_no FROM risk_hits WHERE run_id = $with AND rule_id = 'hs_misclassification'),
       p AS (SELECT declaration_id, item_no FROM declarations WHERE extra->>'risk_pattern' = 'misclassification')
  SELECT (SELECT count(*) FROM h) AS hits, (SELECT count(*) FROM p) AS planted,
         (SELECT count(*) FROM h JOIN p USING (declaration_id, item_no)) AS found" > "$WORK/rule.json"

"$PY" - "$WORK" "$cw_train" "$cw_eval" "$cw_score" "$sk_saga" "$sk_sgd" <<'PYEOF'
import json, re, sys
work = sys.argv[1]
(cw_t, cw_tkb), (cw_e, cw_ekb), (sc_w, sc_kb) = [map(float, a.split()) for a in sys.argv[2:5]]
anchors = {}
for solver, measured in zip(("saga", "sgd"), sys.argv[5:7]):
    wall, kb = map(float, measured.split())
    anchors[solver] = (json.load(open(f"{work}/sklearn-{solver}.json")), wall, kb)
ours = json.load(open(f"{work}/evaluation.json"))
train = open(f"{work}/train.txt").read()
fit = re.search(r"\(vocabulary ([\d.]+) s, fit ([\d.]+) s\)", train)
cw_vocab, cw_fit = float(fit.group(1)), float(fit.group(2))
cw_train_s = cw_vocab + cw_fit
first = anchors["saga"][0]
print(f"{first['train_items']} training items, {ours['items']} test items (scikit-learn {first['test_items']}); "
      f"scikit-learn {first['versions']['scikit-learn']}, {first['features']} features")
print(f"{'':38}" + "".join(f"{k + ' ' + l:>11}" for k in ("top-1", "top-3") for l in ("HS6", "HS4", "HS2")))
def row(name, e):
    print(f"{name:38}" + "".join(f"{e[k][l]*100:10.2f}%" for k in ("top1", "top3") for l in ("hs6", "hs4", "hs2")))
row("clearway classify", ours)
for solver, (sk, _, _) in anchors.items():
    row(f"scikit-learn TF-IDF + LR ({solver})", sk)
print(f"clearway training (vocabulary + fit) {cw_train_s:.1f} s ({cw_vocab:.1f} + {cw_fit:.1f}); whole command "
      f"{cw_t:.1f} s, peak {cw_tkb/1024:.0f} MB")
print(f"clearway prediction of the test items {ours['seconds']:.1f} s; classify evaluate {cw_e:.1f} s, peak {cw_ekb/1024:.0f} MB")
for solver, (sk, wall, kb) in anchors.items():
    worst = min((ours[k][l] - sk[k][l]) * 100 for k in ("top1", "top3") for l in ("hs6", "hs4", "hs2"))
    sk_train_s = sk["vocabulary_seconds"] + sk["fit_seconds"]
    print(f"against {solver}: worst of the six accuracies {worst:+.2f} points (target ≥ −1); "
          f"training {sk_train_s:.1f} s ({sk['vocabulary_seconds']:.1f} + {sk['fit_seconds']:.1f}) → {sk_train_s / cw_train_s:.1f}× (target ≥ 10); "
          f"prediction {sk['predict_seconds']:.1f} s → {sk['predict_seconds'] / ours['seconds']:.1f}× (target ≥ 10); "
          f"whole script {wall:.1f} s (reading the CSV {sk['read_seconds']:.1f} s), peak {kb/1024:.0f} MB")
print(f"classify score (every item, 3 suggestions with reasons, into hs_suggestions): {sc_w:.1f} s, peak {sc_kb/1024:.0f} MB")
r = json.load(open(f"{work}/rule.json"))
r = r[0] if isinstance(r, list) else r
print(f"hs_misclassification: {r['hits']} hits, {r['found']} of {r['planted']} planted misclassifications: "
      f"precision {r['found'] / max(r['hits'], 1) * 100:.1f} %, recall {r['found'] / max(r['planted'], 1) * 100:.1f} %")
def combined(path):
    e = json.load(open(path))
    m = next(x for x in e["metrics"] if x["model"] == "combined score" and x["inspected_pct"] == 5)
    return m["precision"], m["revenue"]
p0, v0 = combined(f"{work}/without.json")
p1, v1 = combined(f"{work}/with.json")
print(f"combined score at 5 % inspected (test period): precision {p0*100:.2f} % → {p1*100:.2f} % ({(p1-p0)*100:+.2f} points), "
      f"revenue {v0*100:.2f} % → {v1*100:.2f} % ({(v1-v0)*100:+.2f} points) without → with the rule")
PYEOF
