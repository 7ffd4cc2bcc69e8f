#!/usr/bin/python3
"""Golden vectors for Fieldtest's decision costs, by brute force over every threshold.

Run with Debian 12's interpreter (numpy and scikit-learn from apt), not the `python3` on PATH:

    /usr/bin/python3 packages/core/test/golden/generate_decisions.py

Writes decisions.json next to this file. For each seeded case and each cost matrix:
- every candidate threshold: each distinct score (predicted positive when score >= t) and
  +inf ("predict all negative", written as null because JSON has no Infinity);
- the confusion counts at each one by brute force (numpy broadcasting of `s >= t`, no
  sorting or cumulative sums), cross-checked with sklearn's `confusion_matrix` at the optimum;
- the expected cost per decision at each one, computed exactly with fractions.Fraction
  (every double is an exact rational) and rounded once to the nearest double;
- the optimum: lowest exact cost, ties broken towards the highest threshold.
`float_argmin_differs` records where a plain float computation (numpy, same formula) would
pick a different threshold — the cases that prove the tie rule is exact, not rounding luck.
Seeded (numpy PCG64 `default_rng`): rerunning reproduces the file exactly. Commit this
script and its output together; src/decisions/decisions.golden.test.ts checks core against it.
"""

import json
import os
import sys
from fractions import Fraction

import numpy as np
import sklearn
from sklearn.metrics import confusion_matrix

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "decisions.json")
FULL_CURVE_MAX = 1500  # store every threshold's cost for cases with at most this many

COSTS = {
    "fp1_fn5": {"fp": 1.0, "fn": 5.0},
    "fp1_fn1": {"fp": 1.0, "fn": 1.0},
    "fp0.1_fn0.3": {"fp": 0.1, "fn": 0.3},
    "fp3_fn1": {"fp": 3.0, "fn": 1.0},
    "fp0.3_fn0.1": {"fp": 0.3, "fn": 0.1},
    "tp_equals_fn": {"fp": 1.4, "fn": 0.7, "tp": 0.7, "tn": 0.18},
    "rounding_hides_gain": {"fp": 0.47, "fn": 0.94, "tp": 0.1, "tn": 0.19},
    "tiny_fn": {"fp": 1.0, "fn": 1e-20},
    "with_tp_tn": {"fp": 2.5, "fn": 7.0, "tp": 0.75, "tn": 0.125},
    "benefits": {"fp": 4.0, "fn": 0.0, "tp": -40.0, "tn": -0.01},
    "all_zero": {"fp": 0.0, "fn": 0.0},
}
DEFAULT_COSTS = ["fp1_fn5", "fp1_fn1", "fp0.1_fn0.3", "with_tp_tn", "benefits"]


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def cases():
    # name, labels, scores, cost names
    yield "n1_positive", [1], [0.7], DEFAULT_COSTS
    yield "n1_negative", [0], [0.2], DEFAULT_COSTS
    yield "n2_tied", [0, 1], [0.5, 0.5], DEFAULT_COSTS
    yield "all_equal_scores", [0, 1, 1, 0, 1, 0, 0], [0.4] * 7, DEFAULT_COSTS + ["fp3_fn1"]
    yield "signed_zeros", [0, 1, 1, 0, 1, 0], [0.0, -0.0, 0.5, 0.5, 0.0, -0.0], DEFAULT_COSTS
    yield "decision_scores_unbounded", [0, 1, 0, 1, 1, 0, 1], [-1e300, 1e300, -3.5, 2.0, -0.5, 7.25, 0.5], DEFAULT_COSTS
    # Decimal ties are not double ties: 3 false positives at fp=0.1 and 1 false negative at
    # fn=0.3 look equal, but 3 * double(0.1) > double(0.3) exactly, so 0.9 beats 0.7 strictly.
    yield "decimal_tie_not_double_tie", [1, 0, 0, 0, 1, 0, 0, 0], [0.9, 0.8, 0.8, 0.8, 0.7, 0.2, 0.1, 0.05], ["fp0.1_fn0.3", "fp1_fn1"]
    # tp and fn cost the same, so +inf and 0.8 (2 more positives caught) tie exactly; the
    # float formula rounds 0.8 below +inf and numpy's argmin picks 0.8. Exact: +inf (highest).
    yield "exact_tie_float_misleads", [1, 0, 1, 1, 1, 1, 0, 0], [0.8, 0.7, 0.7, 0.2, 0.3, 0.9, 0.6, 0.3], ["tp_equals_fn"]
    # 0.9 is cheaper than +inf by far less than an ulp of either cost; the float formula
    # rounds the gain away and numpy's argmin stays at +inf. Exact: 0.9.
    yield "rounding_hides_a_gain", [0, 0, 0, 0, 0, 0, 1], [0.9, 0.9, 0.9, 0.7, 0.6, 0.7, 0.9], ["rounding_hides_gain"]
    # A false negative costs 1e-20, a false positive 1: catching the positive still wins.
    yield "tiny_cost_still_counts", [0, 1, 0], [0.2, 0.9, 0.5], ["tiny_fn"]
    yield "plateau_all_zero_costs", [0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], ["all_zero", "fp1_fn1"]

    rng = np.random.default_rng(20240601)

    def labels(n, p):
        return (rng.random(n) < p).astype(np.float64)

    for n in (3, 10, 57, 1000):
        y = labels(n, 0.5)
        yield f"uniform_n{n}", y, rng.random(n), DEFAULT_COSTS + ["fp0.3_fn0.1"]
    y = labels(2000, 0.4)
    yield "informative_n2000", y, sigmoid(1.5 * (2 * y - 1) + rng.normal(size=2000)), DEFAULT_COSTS + ["fp3_fn1"]
    y = labels(3000, 0.3)
    yield "ties_rounded_1dp_n3000", y, np.round(sigmoid((2 * y - 1) + rng.normal(size=3000)), 1), DEFAULT_COSTS + ["fp3_fn1"]
    y = labels(4000, 0.5)
    yield "ties_rounded_2dp_n4000", y, np.round(rng.random(4000), 2), DEFAULT_COSTS
    y = labels(5000, 0.01)
    yield "imbalanced_1pct_pos_n5000", y, np.round(sigmoid(2 * y - 1 + rng.normal(size=5000)), 3), DEFAULT_COSTS
    y = labels(5000, 0.995)
    yield "imbalanced_99.5pct_pos_n5000", y, sigmoid(0.5 * (2 * y - 1) + rng.normal(size=5000)), DEFAULT_COSTS
    y = np.zeros(800)
    y[417] = 1.0
    yield "single_positive_n800", y, np.round(rng.random(800), 2), DEFAULT_COSTS
    yield "all_negatives_n50", np.zeros(50), rng.random(50), DEFAULT_COSTS
    yield "all_positives_n50", np.ones(50), rng.random(50), DEFAULT_COSTS
    y = labels(20000, 0.2)
    yield "large_n20000", y, sigmoid(y + rng.normal(size=20000)), ["fp1_fn5", "fp0.1_fn0.3", "benefits"]


def brute_force_counts(y, s, thresholds):
    """tp and fp at each threshold, by comparing every score with every threshold."""
    pos = y == 1
    tp = np.empty(len(thresholds), dtype=np.int64)
    fp = np.empty(len(thresholds), dtype=np.int64)
    for start in range(0, len(thresholds), 500):
        t = np.asarray(thresholds[start : start + 500])
        predicted = s[None, :] >= t[:, None]
        tp[start : start + 500] = (predicted & pos[None, :]).sum(axis=1)
        fp[start : start + 500] = (predicted & ~pos[None, :]).sum(axis=1)
    return tp, fp


def exact_cost(tp, fp, n_pos, n_neg, c):
    total = (
        tp * Fraction(c.get("tp", 0.0))
        + fp * Fraction(c["fp"])
        + (n_neg - fp) * Fraction(c.get("tn", 0.0))
        + (n_pos - tp) * Fraction(c["fn"])
    )
    return total / (n_pos + n_neg)


def encode_threshold(t):
    return None if t == np.inf else float(t)


def main():
    out = {
        "generator": "packages/core/test/golden/generate_decisions.py",
        "reference": f"numpy {np.__version__} brute force, exact fractions; scikit-learn {sklearn.__version__} cross-check; python {sys.version.split()[0]}",
        "cost_matrices": COSTS,
        "cases": [],
    }
    for name, y, s, cost_names in cases():
        y = np.asarray(y, dtype=np.float64)
        s = np.asarray(s, dtype=np.float64)
        assert y.shape == s.shape and set(np.unique(y)) <= {0.0, 1.0}, name
        n = y.size
        n_pos = int(y.sum())
        n_neg = n - n_pos
        # Highest first, +inf ahead of every score. np.unique merges -0.0 and +0.0.
        thresholds = [np.inf] + sorted({float(v) + 0.0 for v in s}, reverse=True)
        tp, fp = brute_force_counts(y, s, thresholds)
        fixed = sorted({0.5, float(np.median(s)), float(s[0]), float(s.min()), float(s.max())})
        case = {"name": name, "n": n, "labels": [int(v) for v in y], "scores": s.tolist(), "threshold_count": len(thresholds), "results": []}
        for cost_name in cost_names:
            c = COSTS[cost_name]
            exact = [exact_cost(int(a), int(b), n_pos, n_neg, c) for a, b in zip(tp, fp)]
            best = min(range(len(exact)), key=lambda k: (exact[k], k))  # first = highest threshold
            float_cost = (tp * c.get("tp", 0.0) + fp * c["fp"] + (n_neg - fp) * c.get("tn", 0.0) + (n_pos - tp) * c["fn"]) / n
            t_best = thresholds[best]
            cm = confusion_matrix(y, (s >= t_best).astype(np.float64), labels=[0.0, 1.0])
            assert (int(cm[1, 1]), int(cm[0, 1])) == (int(tp[best]), int(fp[best])), (name, cost_name)
            at_fixed = []
            for t in fixed:
                a = int(((s >= t) & (y == 1)).sum())
                b = int(((s >= t) & (y == 0)).sum())
                at_fixed.append({"threshold": t, "expected_cost": float(exact_cost(a, b, n_pos, n_neg, c)), "tp": a, "fp": b})
            result = {
                "costs": cost_name,
                "optimum": {
                    "threshold": encode_threshold(t_best),
                    "expected_cost": float(exact[best]),
                    "tp": int(tp[best]),
                    "fp": int(fp[best]),
                    "tn": n_neg - int(fp[best]),
                    "fn": n_pos - int(tp[best]),
                },
                "float_argmin_differs": bool(int(np.argmin(float_cost)) != best),
                "at_thresholds": at_fixed,
            }
            if len(thresholds) <= FULL_CURVE_MAX:
                result["curve"] = {
                    "thresholds": [encode_threshold(t) for t in thresholds],
                    "expected_costs": [float(v) for v in exact],
                }
            case["results"].append(result)
        out["cases"].append(case)
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    differs = sum(r["float_argmin_differs"] for c in out["cases"] for r in c["results"])
    print(f"wrote {len(out['cases'])} cases to {OUT}; float argmin differs from exact in {differs} results")


if __name__ == "__main__":
    main()
