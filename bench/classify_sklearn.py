"""The anchor of bench/classify.sh: scikit-learn TF-IDF + logistic regression on the same split
and the same texts as `clearway classify train --from history --before SPLIT`.

    SOLVER=saga python bench/classify_sklearn.py declarations.csv SPLIT_DATE > result.json

The same model shape as clearway's (crates/clearway-classify): word 1-2-grams and char_wb
3-5-grams, each a TfidfVectorizer(sublinear_tf=True, min_df=2) capped at clearway's
max_features (200,000 and 300,000), joined as a FeatureUnion; one logistic regression per node
of the HS tree — chapters, the headings of each chapter, the subheadings of each heading — because
one multinomial model over every subheading needs classes × features weights (5,000 × 500,000
doubles, 20 GB) and does not fit this machine. Nodes are fitted in parallel on both cores, as
clearway fits them.

SOLVER picks how each node's logistic regression is fitted:
- `saga` (default): LogisticRegression(solver="saga"), the multinomial (softmax) model clearway
  fits (with scikit-learn's default L2 penalty, C=1, which clearway does without), at most
  clearway's five epochs (saga stops sooner when its tolerance is met). On 15,880 training items it matched the accuracy of
  scikit-learn's default solver within 0.7 points at every level (top-1 HS6 / HS4 / HS2
  52.8 / 83.5 / 93.8 % against lbfgs' 52.3 / 83.3 / 93.8 %) and fitted in 15 s instead of
  295 s.
- `sgd`: SGDClassifier(loss="log_loss"), logistic regression fitted by stochastic gradient
  descent, five epochs, one-vs-rest (its probabilities are the normalised per-class ones). A
  second anchor: on the same 15,880 items its top-1 HS6 was 2 points above saga's and its top-3
  4 points below.
- `lbfgs`: LogisticRegression() with scikit-learn's defaults (lbfgs, C=1, 100 iterations).
  About 1,300 node models of up to 100 full-gradient iterations each: 295 s on 15,880 items,
  hours at a million, so the benchmark does not run it at that size.

Suggestions by a beam search over the 5 most probable chapters and the 5 most probable headings
in each (clearway stops earlier once 99.9 % of the probability is taken), the same accuracy
definitions: top-k at HS2 from the chapter ranking, at HS4 from
P(chapter)·P(heading | chapter), at HS6 from the product along the path. Prints one JSON object
with the accuracies, the times of each stage and the versions.
"""
import json
import os
import sys
import time
import warnings

import duckdb
from joblib import Parallel, delayed
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.pipeline import FeatureUnion

BEAM = 5
EPOCHS = 5  # clearway's epochs (crates/clearway-classify/src/linear.rs)
SEED = 0
CORES = 2


def read(csv, split):
    rows = duckdb.sql(
        f"""SELECT goods_description, left(CAST(hs_code AS VARCHAR), 6) AS hs6,
                   CAST(declared_at AS DATE) < DATE '{split}' AS train
            FROM read_csv('{csv}', all_varchar = true)
            WHERE goods_description IS NOT NULL AND hs_code IS NOT NULL
            ORDER BY declared_at, declaration_id, CAST(item_no AS INTEGER)"""
    ).fetchall()
    train = [(t, c) for t, c, tr in rows if tr]
    test = [(t, c) for t, c, tr in rows if not tr]
    return train, test


def logistic_regression(solver):
    """The node model: logistic regression fitted by `solver` (see the module doc)."""
    if solver == "sgd":
        return SGDClassifier(loss="log_loss", max_iter=EPOCHS, tol=None, random_state=SEED, average=False)
    if solver == "saga":
        return LogisticRegression(solver="saga", max_iter=EPOCHS, tol=1e-4, random_state=SEED)
    return LogisticRegression(max_iter=100)


def fit_node(X, labels, solver):
    """One node: a logistic regression over the labels, or the single label.

    A node is fitted on the columns its rows use: a weight of a term none of its rows has stays
    zero (both solvers start at zero and only shrink), and scikit-learn keeps dense coefficients
    — 1,300 nodes × 400,000 terms × their classes do not fit in memory at a million items.
    """
    classes = sorted(set(labels))
    if len(classes) == 1:
        return classes, None
    width = X.shape[1]
    columns = np.unique(X.indices)
    X = X[:, columns]
    with warnings.catch_warnings():
        # Five epochs do not converge by scikit-learn's tolerance (nor do clearway's); a
        # heading's subheadings can outnumber half its items.
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        model = logistic_regression(solver)
        model.fit(X, labels)
    # Back to every column, sparse (scikit-learn predicts with a sparse coef_, as after
    # `sparsify()`): prediction then reads the test rows as they are, without slicing them.
    coef = model.coef_
    r, c = np.nonzero(coef)
    model.coef_ = sp.csr_matrix((coef[r, c], (r, columns[c])), shape=(coef.shape[0], width))
    model.n_features_in_ = width
    return list(model.classes_), model


def proba(node, X):
    classes, model = node
    if model is None:
        return np.ones((X.shape[0], 1))
    return model.predict_proba(X)


def main():
    csv, split = sys.argv[1], sys.argv[2]
    solver = os.environ.get("SOLVER", "saga")
    times = {}
    started = time.perf_counter()
    train, test = read(csv, split)
    times["read_seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    vectorizer = FeatureUnion([
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, max_features=200_000,
                                  sublinear_tf=True, strip_accents="unicode", token_pattern=r"(?u)\b\w+\b")),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, max_features=300_000,
                                  sublinear_tf=True, strip_accents="unicode")),
    ])
    X = vectorizer.fit_transform([t for t, _ in train]).tocsr()
    times["vocabulary_seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    codes = np.array([c for _, c in train])
    chapters = np.array([c[:2] for c in codes])
    headings = np.array([c[:4] for c in codes])
    # Every node on both cores, as clearway trains its nodes (joblib worker processes: lbfgs
    # and saga hold the GIL). A node's rows are sliced only when it is dispatched.
    names = [""] + sorted(set(chapters)) + sorted(set(headings))

    def node_jobs():
        yield delayed(fit_node)(X, chapters, solver)
        for ch in names[1:]:
            level, labels = (chapters, headings) if len(ch) == 2 else (headings, codes)
            rows = np.flatnonzero(level == ch)
            yield delayed(fit_node)(X[rows], labels[rows], solver)

    nodes = dict(zip(names, Parallel(n_jobs=CORES)(node_jobs())))
    times["fit_seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    T = vectorizer.transform([t for t, _ in test]).tocsr()
    n = T.shape[0]
    truth = [c for _, c in test]
    root_classes = nodes[""][0]
    p_root = proba(nodes[""], T)
    top_chapters = np.argsort(-p_root, axis=1, kind="stable")[:, :BEAM]
    head_rows, head_codes, head_p = [], [], []
    sub_rows, sub_codes, sub_p = [], [], []
    for k, ch in enumerate(root_classes):
        rows = np.flatnonzero((top_chapters == k).any(axis=1))
        if len(rows) == 0 or ch not in nodes:
            continue
        classes = nodes[ch][0]
        ph = proba(nodes[ch], T[rows])
        top = np.argsort(-ph, axis=1, kind="stable")[:, :BEAM]
        for j in range(top.shape[1]):
            idx = top[:, j]
            p = p_root[rows, k] * ph[np.arange(len(rows)), idx]
            head_rows.append(rows)
            head_codes.append(np.array(classes, dtype=object)[idx])
            head_p.append(p)
    head_rows = np.concatenate(head_rows)
    head_codes = np.concatenate(head_codes)
    head_p = np.concatenate(head_p)
    for hd in sorted(set(head_codes)):
        mask = head_codes == hd
        rows, prefix = head_rows[mask], head_p[mask]
        classes = nodes[hd][0]
        ps = proba(nodes[hd], T[rows])
        for j, code in enumerate(classes):
            sub_rows.append(rows)
            sub_codes.append(np.full(len(rows), code, dtype=object))
            sub_p.append(prefix * ps[:, j])
    sub_rows = np.concatenate(sub_rows)
    sub_codes = np.concatenate(sub_codes)
    sub_p = np.concatenate(sub_p)
    times["predict_seconds"] = time.perf_counter() - started

    def ranked(rows, codes, p, k):
        """The k best codes of each row."""
        order = np.lexsort((-p, rows))
        rows, codes = rows[order], codes[order]
        best = [[] for _ in range(n)]
        for r, c in zip(rows, codes):
            if len(best[r]) < k:
                best[r].append(c)
        return best

    hs6 = ranked(sub_rows, sub_codes, sub_p, 3)
    hs4 = ranked(head_rows, head_codes, head_p, 3)
    hs2 = [[root_classes[i] for i in row[:3]] for row in top_chapters]

    def share(best, level, k):
        return sum(truth[i][:level] in best[i][:k] for i in range(n)) / max(n, 1)

    print(json.dumps({
        "train_items": len(train),
        "test_items": n,
        "features": X.shape[1],
        "top1": {"hs6": share(hs6, 6, 1), "hs4": share(hs4, 4, 1), "hs2": share(hs2, 2, 1)},
        "top3": {"hs6": share(hs6, 6, 3), "hs4": share(hs4, 4, 3), "hs2": share(hs2, 2, 3)},
        **times,
        "solver": solver,
        "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "scipy": sp.__name__ and __import__("scipy").__version__},
    }))


if __name__ == "__main__":
    main()
