"""The anchor of bench/classify.sh: scikit-learn TF-IDF + logistic regression on the same split
and the same texts as `clearway classify train --from history --before SPLIT`.

    python bench/classify_sklearn.py declarations.csv SPLIT_DATE > result.json

The same model shape as clearway's (crates/clearway-classify): word 1-2-grams and char_wb
3-5-grams, each a TfidfVectorizer(sublinear_tf=True, min_df=2) capped at clearway's
max_features (200,000 and 300,000), joined as a FeatureUnion; one LogisticRegression
(scikit-learn's defaults: lbfgs, C=1, 100 iterations) per node of the HS tree — chapters, the
headings of each chapter, the subheadings of each heading — because one multinomial model over
every subheading needs classes × features weights (5,000 × 500,000 doubles, 20 GB, times
lbfgs' history) and does not fit this machine. Suggestions by the same beam search (the 5 most
probable chapters, the 5 most probable headings in each), the same accuracy definitions:
top-k at HS2 from the chapter ranking, at HS4 from P(chapter)·P(heading | chapter), at HS6 from
the product along the path. Prints one JSON object with the accuracies, the times of each stage
and the versions.
"""
import json
import sys
import time
import warnings

import duckdb
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

BEAM = 5


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


def fit_node(X, labels):
    """One node: a LogisticRegression over the labels, or the single label."""
    classes = sorted(set(labels))
    if len(classes) == 1:
        return classes, None
    model = LogisticRegression(max_iter=100)
    model.fit(X, labels)
    return list(model.classes_), model


def proba(node, X):
    classes, model = node
    if model is None:
        return np.ones((X.shape[0], 1))
    return model.predict_proba(X)


def main():
    csv, split = sys.argv[1], sys.argv[2]
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
    nodes = {"": fit_node(X, chapters)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for ch in sorted(set(chapters)):
            rows = np.flatnonzero(chapters == ch)
            nodes[ch] = fit_node(X[rows], headings[rows])
        for hd in sorted(set(headings)):
            rows = np.flatnonzero(headings == hd)
            nodes[hd] = fit_node(X[rows], codes[rows])
    times["fit_seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    T = vectorizer.transform([t for t, _ in test]).tocsr()
    n = T.shape[0]
    truth = [c for _, c in test]
    root_classes, _ = nodes[""]
    p_root = proba(nodes[""], T)
    top_chapters = np.argsort(-p_root, axis=1, kind="stable")[:, :BEAM]
    head_rows, head_codes, head_p = [], [], []
    sub_rows, sub_codes, sub_p = [], [], []
    for k, ch in enumerate(root_classes):
        rows = np.flatnonzero((top_chapters == k).any(axis=1))
        if len(rows) == 0 or ch not in nodes:
            continue
        classes, _ = nodes[ch]
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
        classes, _ = nodes[hd]
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
        "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "scipy": sp.__name__ and __import__("scipy").__version__},
    }))


if __name__ == "__main__":
    main()
