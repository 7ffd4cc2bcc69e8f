#!/usr/bin/python3
"""Golden vectors for Fieldtest's binary metrics, computed by the reference implementation.

Run with Debian 12's interpreter, whose scikit-learn (1.2.1, `apt-get install -y
python3-sklearn`) is the reference named in DESIGN.md — not the `python3` on PATH:

    /usr/bin/python3 packages/core/test/golden/generate.py

Writes binary-metrics.json next to this file. Each case holds float64 labels (0/1) and
scores, sklearn's `accuracy_score(y, s >= t)` for several thresholds t, and
`roc_auc_score(y, s)` — or the error sklearn raised (one class present). The cases are
seeded (numpy's PCG64 `default_rng`), so rerunning the script reproduces the file exactly.
Commit this script and its output together; metrics/golden.test.ts checks core against it.
"""

import json
import os
import sys

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, roc_auc_score

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "binary-metrics.json")


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def cases():
    # Hand-made boundaries.
    yield "two_rows_ordered", [0, 1], [0.2, 0.8]
    yield "two_rows_inverted", [0, 1], [0.8, 0.2]
    yield "two_rows_tied", [0, 1], [0.5, 0.5]
    yield "one_row_positive", [1], [0.7]
    yield "one_row_negative", [0], [0.5]
    yield "signed_zero_ties", [0, 1, 1, 0, 1, 0], [0.0, -0.0, 0.5, 0.5, 0.0, -0.0]
    yield "denormals_and_extremes", [0, 1, 0, 1, 1, 0], [5e-324, 1e-300, 0.0, 1.0, 1e-308, 2.2250738585072014e-308]
    yield "decision_scores_out_of_unit_range", [0, 1, 0, 1, 1, 0, 1], [-1e300, 1e300, -3.5, 2.0, -0.5, 7.25, 0.5]
    yield "many_at_threshold", [0, 1, 1, 0, 1, 0, 0, 1], [0.5, 0.5, 0.5, 0.5, 0.49999999999999994, 0.5000000000000001, 0.1, 0.9]

    rng = np.random.default_rng(20240531)

    def labels(n, p):
        return (rng.random(n) < p).astype(np.float64)

    # Uninformative uniform scores, balanced, across sizes.
    for n in (3, 10, 57, 1000, 20000):
        y = labels(n, 0.5)
        if y.min() == y.max():
            y[0] = 1.0 - y[0]
        yield f"uniform_n{n}", y, rng.random(n)

    # Informative scores.
    for n in (200, 5000):
        y = labels(n, 0.4)
        yield f"informative_n{n}", y, sigmoid(1.5 * (2 * y - 1) + rng.normal(size=n))

    # Heavy ties: rounded and integer-valued scores.
    y = labels(10000, 0.3)
    yield "ties_rounded_1dp_n10000", y, np.round(sigmoid((2 * y - 1) + rng.normal(size=10000)), 1)
    y = labels(20000, 0.5)
    yield "ties_three_values_n20000", y, rng.integers(0, 3, size=20000).astype(np.float64) / 2
    y = labels(3000, 0.5)
    yield "ties_rounded_2dp_n3000", y, np.round(rng.random(3000), 2)
    yield "all_same_score_n100", labels(100, 0.5), np.full(100, 0.5)

    # Imbalanced.
    y = labels(20000, 0.005)
    yield "imbalanced_0.5pct_pos_n20000", y, np.round(sigmoid(2 * y - 1 + rng.normal(size=20000)), 3)
    y = labels(5000, 0.99)
    yield "imbalanced_99pct_pos_n5000", y, sigmoid(0.5 * (2 * y - 1) + rng.normal(size=5000))
    y = np.zeros(1000)
    y[417] = 1.0
    yield "single_positive_n1000", y, np.round(rng.random(1000), 2)
    y = np.ones(1000)
    y[3] = 0.0
    yield "single_negative_n1000", y, rng.random(1000)

    # Perfect and perfectly wrong rankings.
    y = labels(500, 0.5)
    s = np.where(y == 1, 0.6 + 0.4 * rng.random(500), 0.4 * rng.random(500))
    yield "perfect_separation_n500", y, s
    yield "perfectly_inverted_n500", y, 1.0 - s

    # One class present: sklearn 1.2.1 raises for roc_auc.
    yield "all_negatives_n50", np.zeros(50), rng.random(50)
    yield "all_positives_n50", np.ones(50), rng.random(50)


def main():
    out = {
        "generator": "packages/core/test/golden/generate.py",
        "reference": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}",
        "cases": [],
    }
    for name, y, s in cases():
        y = np.asarray(y, dtype=np.float64)
        s = np.asarray(s, dtype=np.float64)
        assert y.shape == s.shape and set(np.unique(y)) <= {0.0, 1.0}, name
        thresholds = sorted({0.5, 0.0, 1.0, float(np.median(s)), float(s[0])})
        accuracies = [float(accuracy_score(y, (s >= t).astype(np.float64))) for t in thresholds]
        case = {
            "name": name,
            "n": int(y.size),
            "labels": [int(v) for v in y],
            "scores": s.tolist(),
            "thresholds": thresholds,
            "accuracy": accuracies,
        }
        try:
            case["roc_auc"] = float(roc_auc_score(y, s))
        except ValueError as e:
            case["roc_auc"] = None
            case["roc_auc_error"] = str(e)
        out["cases"].append(case)
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(out['cases'])} cases to {OUT}")


if __name__ == "__main__":
    main()
