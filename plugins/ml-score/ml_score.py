#!/usr/bin/env python3
"""ml-score: trains and applies a gradient-boosted risk model on declarations for clearway
(clearway-plugin/1 on stdio). Tables travel as Arrow IPC streams.

Runs in its own Python environment from PyPI (numpy, pyarrow, scikit-learn; `setup.sh`): when
started by another interpreter it re-executes itself with the environment's python
($CLEARWAY_ML_VENV, else ~/.cache/clearway/ml-score-venv).

Commands:
  train {model, label="illicit"}   input: declarations with the label → writes the model file;
                                   answers rows, positives, features, hold-out AUC
  score {model}                    input: declarations → table (declaration_id, item_no, score,
                                   reason, model): what clearway's `scoring` rule pack reads
                                   from `plugin_scores`

Features are numeric columns and ratios that exist before inspection; columns that encode the
outcome or the selection (lane, inspected, illicit, revenue_recovered, risk_pattern) are never
features — a model that sees them learns the answer, not the risk.
"""
import json
import os
import pickle
import queue
import sys
import threading

VENV = os.environ.get("CLEARWAY_ML_VENV") or os.path.join(os.environ.get("HOME", "/nonexistent"), ".cache/clearway/ml-score-venv")
try:
    import numpy as np
    import pyarrow as pa
    import pyarrow.ipc as ipc
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score
    MISSING = None
except ImportError as e:
    python = os.path.join(VENV, "bin", "python")
    if os.path.exists(python) and os.path.realpath(sys.prefix) != os.path.realpath(VENV):
        os.execv(python, [python] + sys.argv)
    MISSING = str(e)

LEAKS = {"lane", "inspected", "illicit", "revenue_recovered", "risk_pattern", "item_no",
         "source_row", "load_id"}  # lineage: row order is time order, not risk
RATIOS = [("unit_value", "customs_value", "quantity"), ("value_per_kg", "customs_value", "net_mass_kg"),
          ("tax_rate", "total_taxes", "customs_value"), ("mass_ratio", "net_mass_kg", "gross_mass_kg")]


class Failure(Exception):
    def __init__(self, code, message, kind="user", help=None):
        super().__init__(message)
        self.code, self.message, self.kind, self.help = code, message, kind, help


def read_table(params):
    path = (params.get("input") or {}).get("arrow")
    if not path:
        raise Failure(-32602, "this command takes a table (--input-query)")
    with ipc.open_stream(path) as reader:
        return reader.read_all()


def column(table, name):
    return np.asarray(table.column(name).to_numpy(zero_copy_only=False), dtype="float64")


def features(table, names=None):
    """The feature matrix: numeric columns (not leaks, not ids), ratios, HS chapter."""
    cols = {}
    for field in table.schema:
        if field.name in LEAKS or field.name.endswith("_id"):
            continue
        t = field.type
        if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t) or pa.types.is_boolean(t):
            cols[field.name] = column(table, field.name)
    for name, num, den in RATIOS:
        if num in cols and den in cols:
            with np.errstate(divide="ignore", invalid="ignore"):
                cols[name] = np.where(cols[den] > 0, cols[num] / cols[den], np.nan)
    if "hs_code" in table.schema.names:
        codes = table.column("hs_code").to_pylist()
        cols["hs_chapter"] = np.array([float(str(c)[:2]) if c and str(c)[:2].isdigit() else np.nan for c in codes])
    names = names or sorted(cols)
    missing = [n for n in names if n not in cols]
    if missing:
        raise Failure(-32602, "the input lacks the model's features: " + ", ".join(missing),
                      help="score with the same columns the model was trained on")
    return np.column_stack([cols[n] for n in names]) if names else np.zeros((table.num_rows, 0)), names


def train(params):
    args = params.get("args") or {}
    model_path, label = args.get("model"), args.get("label", "illicit")
    if not model_path or not os.path.isabs(model_path):
        raise Failure(-32602, "train needs --arg model=/absolute/path/model.pkl")
    table = read_table(params)
    if label not in table.schema.names:
        raise Failure(-32602, "no label column %r in the input" % label)
    y = np.asarray(table.column(label).to_numpy(zero_copy_only=False)).astype(bool)
    x, names = features(table)
    if y.sum() == 0 or y.sum() == len(y):
        raise Failure(-32602, "the label %r has one class only; nothing to learn" % label)
    cut = int(len(y) * 0.8)  # the input's order is kept: the last 20 % is the hold-out
    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.1, class_weight="balanced", random_state=0)
    model.fit(x[:cut], y[:cut])
    auc = float(roc_auc_score(y[cut:], model.predict_proba(x[cut:])[:, 1])) if 0 < y[cut:].sum() < len(y) - cut else None
    model.fit(x, y)
    centre, spread = np.nanmedian(x, axis=0), np.nanstd(x, axis=0)
    with open(model_path, "wb") as f:
        pickle.dump({"model": model, "features": names, "centre": centre, "spread": spread, "label": label,
                     "name": os.path.basename(model_path)}, f)
    return {"model": model_path, "rows": int(len(y)), "positives": int(y.sum()), "features": names,
            "holdout_auc": auc, "estimator": "sklearn HistGradientBoostingClassifier"}


def score(params):
    args = params.get("args") or {}
    model_path = args.get("model")
    if not model_path or not os.path.exists(model_path):
        raise Failure(-32602, "no model file %r" % model_path, help="train one first: clearway plugin call ml-score train …")
    with open(model_path, "rb") as f:
        m = pickle.load(f)
    table = read_table(params)
    x, names = features(table, m["features"])
    p = m["model"].predict_proba(x)[:, 1] if len(x) else np.zeros(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(m["spread"] > 0, (x - m["centre"]) / m["spread"], 0.0)
    z = np.nan_to_num(z)
    reasons = []
    for i in range(len(p)):
        top = np.argsort(-np.abs(z[i]))[:2]
        unusual = ", ".join("%s %+.1f sd" % (names[j], z[i][j]) for j in top if abs(z[i][j]) >= 1)
        reasons.append("%s p=%.2f%s" % (m["name"], p[i], "; unusual: " + unusual if unusual else ""))
    out = pa.table({
        "declaration_id": table.column("declaration_id").cast(pa.string()),
        "item_no": table.column("item_no").cast(pa.int32()) if "item_no" in table.schema.names else pa.nulls(len(p), pa.int32()),
        "score": pa.array(p, pa.float64()),
        "reason": pa.array(reasons, pa.string()),
        "model": pa.array([m["name"]] * len(p), pa.string()),
    })
    with ipc.new_stream(params["table_out"], out.schema) as w:
        w.write_table(out)
    return {"rows": int(len(p)), "mean_score": float(p.mean()) if len(p) else None}


COMMANDS = {"train": train, "score": score}


def main():
    lock, inbox = threading.Lock(), queue.Queue()

    def send(obj):
        with lock:
            sys.stdout.write(json.dumps(obj) + "\n")
            sys.stdout.flush()

    def reader():
        for line in sys.stdin:
            if line.strip():
                msg = json.loads(line)
                if msg.get("method") != "$/cancel":  # calls here are short; cancel is a kill
                    inbox.put(msg)
        inbox.put(None)

    threading.Thread(target=reader, daemon=True).start()
    while (msg := inbox.get()) is not None:
        rid, method, params = msg.get("id"), msg.get("method"), msg.get("params") or {}
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": rid, "result": {"version": "1.0", "plugin": {"name": "ml-score", "version": "1.0.0"},
                  "capabilities": {"arrow_ipc": True},
                  "commands": [{"name": "train", "output": "json"}, {"name": "score", "output": "table"}]}})
        elif method == "shutdown":
            send({"jsonrpc": "2.0", "id": rid, "result": None})
        elif method == "call":
            fn = COMMANDS.get(params.get("command"))
            try:
                if MISSING:
                    raise Failure(-32010, "the Python environment is missing (%s)" % MISSING,
                                  help="run plugins/ml-score/setup.sh (installs numpy, pyarrow, scikit-learn from PyPI)")
                if fn is None:
                    raise Failure(-32601, "no command %r" % params.get("command"))
                send({"jsonrpc": "2.0", "id": rid, "result": fn(params)})
            except Failure as f:
                data = {"kind": f.kind}
                if f.help:
                    data["help"] = f.help
                send({"jsonrpc": "2.0", "id": rid, "error": {"code": f.code, "message": f.message, "data": data}})
        else:
            send({"jsonrpc": "2.0", "id": rid, "error": {"code": -32601, "message": "unknown method"}})


if __name__ == "__main__":
    main()
