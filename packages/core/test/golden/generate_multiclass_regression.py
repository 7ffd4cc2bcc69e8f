#!/usr/bin/python3
"""Golden vectors for Fieldtest's multiclass and regression metrics.

Run with Debian 12's interpreter, whose scikit-learn (1.2.1, `apt-get install -y
python3-sklearn`) is the reference named in DESIGN.md — not the `python3` on PATH:

    /usr/bin/python3 packages/core/test/golden/generate_multiclass_regression.py

Writes multiclass-metrics.json and regression-metrics.json next to this file. The cases
are seeded (numpy's PCG64 `default_rng`), so rerunning reproduces the files exactly.
Checked by src/metrics/multiclass/multiclass-metrics.golden.test.ts and
src/metrics/regression/regression-metrics.golden.test.ts (1e-9 relative).

Per multiclass case (labels = class indices 0..K-1, probabilities = K columns):
- accuracy     sklearn accuracy_score(y, P.argmax(axis=1))      (ties -> lowest index)
- macro_f1     sklearn f1_score(y, P.argmax(axis=1), average="macro", zero_division=0)
- log_loss     sklearn log_loss(y, P, labels=range(K))          (1.2.1 default eps="auto")
- roc_auc_ovr  sklearn roc_auc_score(y, P, multi_class="ovr", average="macro") for K >= 3.
               For K = 2 sklearn's multiclass path is not reachable (binary y with two
               columns goes to the binary path, which refuses 2-D scores), so the value is
               the same definition built from sklearn parts: the np.allclose row-sum check,
               the class-count check, then the mean of roc_auc_score(y == k, P[:, k]).
- ece          numpy, DESIGN.md: top-label probability and correctness, 15 bins
               (k/15, (k+1)/15], bin 0 also holding 0
- brier_score  numpy: mean over rows of sum_k (p_k - 1[y = k])^2 (no sklearn 1.2.1 function)
A metric sklearn refuses is null, with sklearn's message under "errors".

Per regression case: sklearn mean_absolute_error, sqrt(mean_squared_error), r2_score,
mean_absolute_percentage_error. r2 on fewer than two rows is nan in sklearn (with a
warning): stored as null with an error. Where Fieldtest deliberately differs from
sklearn (r2 of a constant y whose numpy mean is inexact), the case carries
"deviations": {metric: {"sklearn": value, "fieldtest": value, "reason": ...}}.
"""

import json
import math
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (
    accuracy_score,
    f1_score,
    log_loss,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    r2_score,
    roc_auc_score,
)

HERE = os.path.dirname(os.path.abspath(__file__))
MULTICLASS_OUT = os.path.join(HERE, "multiclass-metrics.json")
REGRESSION_OUT = os.path.join(HERE, "regression-metrics.json")


# ---------------------------------------------------------------- multiclass references


def ece_top_label(y, P):
    top = P.max(axis=1)
    correct = (P.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, 16)
    assert (edges == np.arange(16) / 15).all()
    bins = np.clip(np.searchsorted(edges, top, side="left") - 1, 0, 14)
    n = len(y)
    ece = 0.0
    for b in range(15):
        mask = bins == b
        count = int(mask.sum())
        if count == 0:
            continue
        ece += (count / n) * abs(correct[mask].mean() - top[mask].mean())
    return float(ece)


def brier_multiclass(y, P):
    onehot = np.zeros_like(P)
    onehot[np.arange(len(y)), y] = 1.0
    return float(np.mean(np.sum((P - onehot) ** 2, axis=1)))


def roc_auc_ovr(y, P):
    K = P.shape[1]
    if K >= 3:
        value = float(roc_auc_score(y, P, multi_class="ovr", average="macro"))
        if len(np.unique(y)) == K:  # cross-check the definition the K = 2 branch uses
            manual = np.mean([roc_auc_score(y == k, P[:, k]) for k in range(K)])
            assert abs(manual - value) <= 1e-15 * abs(value), (manual, value)
        return value
    # K = 2: sklearn's own checks, in its order, then its binary AUC per column.
    if not np.allclose(1, P.sum(axis=1)):
        raise ValueError(
            "Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes"
        )
    if len(np.unique(y)) != K:
        raise ValueError("Number of classes in y_true not equal to the number of columns in 'y_score'")
    return float(np.average([roc_auc_score(y == k, P[:, k]) for k in range(K)]))


def multiclass_expected(y, P):
    K = P.shape[1]
    pred = P.argmax(axis=1)
    expected, errors = {}, {}
    expected["accuracy"] = float(accuracy_score(y, pred))
    expected["macro_f1"] = float(f1_score(y, pred, average="macro", zero_division=0))
    expected["log_loss"] = float(log_loss(y, P, labels=list(range(K))))
    try:
        expected["roc_auc_ovr"] = roc_auc_ovr(y, P)
    except ValueError as e:
        expected["roc_auc_ovr"] = None
        errors["roc_auc_ovr"] = str(e)
    expected["ece"] = ece_top_label(y, P)
    expected["brier_score"] = brier_multiclass(y, P)
    return expected, errors


# ---------------------------------------------------------------- multiclass cases


def dirichlet_rows(rng, n, K, concentration=1.0):
    return rng.dirichlet(np.full(K, concentration), size=n)


def informative(rng, y, K, strength):
    """Softmax of noisy logits that favour the true class: realistic, mostly right."""
    logits = rng.normal(size=(len(y), K))
    logits[np.arange(len(y)), y] += strength
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def labels_with_all_classes(rng, n, K, p=None):
    y = rng.choice(K, size=n, p=p)
    y[:K] = np.arange(K)  # every class present
    rng.shuffle(y)
    return y


def multiclass_cases():
    # The spot vector of STATISTICS.md / sklearn's docstring: labels "spam","ham","ham",
    # "spam" mapped to the sorted classes ["ham", "spam"] -> 1, 0, 0, 1.
    yield "spot_vector_spam_ham", [1, 0, 0, 1], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]

    # Ties in argmax go to the lowest class index.
    yield "argmax_ties_k3", [0, 1, 2, 1, 0, 2], [
        [0.5, 0.5, 0.0],
        [0.5, 0.5, 0.0],
        [1 / 3, 1 / 3, 1 / 3],
        [0.2, 0.4, 0.4],
        [0.4, 0.2, 0.4],
        [0.25, 0.25, 0.5],
    ]
    yield "argmax_all_tied_k4", [3, 2, 1, 0, 3], [[0.25] * 4] * 5
    yield "argmax_ties_k2_half", [1, 0, 1, 0], [[0.5, 0.5], [0.5, 0.5], [0.3, 0.7], [0.6, 0.4]]

    # Tiny n.
    yield "one_row_k2", [1], [[0.3, 0.7]]
    yield "one_row_k3_wrong", [2], [[0.6, 0.3, 0.1]]
    yield "two_rows_k2", [0, 1], [[0.8, 0.2], [0.4, 0.6]]
    yield "two_rows_k3", [0, 2], [[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]]
    yield "three_rows_k3_all_classes", [0, 1, 2], [[0.7, 0.2, 0.1], [0.3, 0.3, 0.4], [0.1, 0.6, 0.3]]

    # Hard probabilities: zeros and ones exercise log_loss clipping (true class at p = 0).
    yield "one_hot_some_wrong_k3", [0, 1, 2, 2, 1], [
        [1.0, 0.0, 0.0],
        [0.0, 1.0, 0.0],
        [0.0, 1.0, 0.0],
        [0.0, 0.0, 1.0],
        [1.0, 0.0, 0.0],
    ]
    yield "perfect_one_hot_k4", [0, 1, 2, 3, 0, 1], np.eye(4)[[0, 1, 2, 3, 0, 1]]

    # Macro F1's label set: class 4 is neither a label nor predicted (not averaged);
    # class 3 is predicted but never a label, class 2 a label but never predicted.
    yield "f1_label_union_k5", [0, 0, 1, 1, 2, 2, 0, 1], [
        [0.7, 0.1, 0.1, 0.05, 0.05],
        [0.1, 0.1, 0.1, 0.65, 0.05],
        [0.1, 0.7, 0.1, 0.05, 0.05],
        [0.6, 0.2, 0.1, 0.05, 0.05],
        [0.3, 0.4, 0.2, 0.05, 0.05],
        [0.2, 0.2, 0.1, 0.45, 0.05],
        [0.5, 0.2, 0.2, 0.05, 0.05],
        [0.1, 0.5, 0.3, 0.05, 0.05],
    ]
    yield "single_true_class_all_predicted_k3", [1, 1, 1], [[0.1, 0.8, 0.1], [0.2, 0.5, 0.3], [0.3, 0.6, 0.1]]

    # ECE bin edges: top-label probabilities exactly k/15 (and 0.5, 1.0).
    tops = [k / 15 for k in range(8, 16)] + [0.5, 1.0, 0.5 + 1e-16, 7 / 15 + 1e-12]
    rows = [[t, 1.0 - t] for t in tops]
    yield "ece_top_on_bin_edges_k2", [i % 2 for i in range(len(rows))], rows
    rows3 = [[k / 15, (15 - k) / 30, (15 - k) / 30] for k in range(5, 16)]
    yield "ece_top_on_bin_edges_k3", [0, 1, 0, 0, 2, 0, 1, 0, 0, 2, 0], rows3

    rng = np.random.default_rng(20240607)

    # K = 2..6, random Dirichlet (uninformative) and informative softmax, several sizes.
    for K in range(2, 7):
        for n in (10, 200):
            y = labels_with_all_classes(rng, n, K)
            yield f"dirichlet_k{K}_n{n}", y, dirichlet_rows(rng, n, K)
        y = labels_with_all_classes(rng, 500, K)
        yield f"informative_k{K}_n500", y, informative(rng, y, K, 1.5)

    # A class missing from y_true: roc_auc_ovr undefined, the rest defined.
    y = rng.choice([0, 1, 3], size=60)
    yield "missing_true_class_k4", y, dirichlet_rows(rng, 60, 4)

    # A class never predicted: strongly informative on 3 of 4 classes, class 3 always low.
    y = labels_with_all_classes(rng, 300, 4)
    P = informative(rng, y, 4, 2.0)
    P[:, 3] *= 0.01
    P /= P.sum(axis=1, keepdims=True)
    assert 3 not in P.argmax(axis=1)
    yield "class_never_predicted_k4", y, P

    # Unnormalised rows: log_loss renormalises, roc_auc_ovr refuses (sklearn raises).
    y = labels_with_all_classes(rng, 100, 3)
    yield "unnormalised_uniform_k3", y, rng.random((100, 3))
    y = labels_with_all_classes(rng, 80, 4)
    yield "unnormalised_scaled_k4", y, dirichlet_rows(rng, 80, 4) * rng.uniform(0.3, 1.0, size=(80, 1))
    y = labels_with_all_classes(rng, 50, 2)
    yield "unnormalised_k2", y, rng.random((50, 2))
    # All-zero rows: clipped to eps each, renormalised to 1/K.
    yield "zero_rows_k3", [0, 1, 2, 0], [[0, 0, 0], [0.2, 0.7, 0.1], [0, 0, 0], [0.6, 0.3, 0.1]]

    # Row sums at np.allclose's edge: |1 - s| <= 1e-8 + 1e-5 |s|.
    y = labels_with_all_classes(rng, 40, 3)
    P = dirichlet_rows(rng, 40, 3)
    P[:, 0] += 9e-6  # sums 1 + 9e-6: accepted
    yield "row_sums_within_allclose_k3", y, P
    P = dirichlet_rows(rng, 40, 3)
    P[5, 0] = P[5, 0] + 2e-5 if P[5, 0] < 0.9 else P[5, 0] - 2e-5  # one row off by 2e-5: refused
    yield "one_row_outside_allclose_k3", y, P

    # Ties in the scores: probabilities on a 0.1 grid (integer counts of 10 per row).
    for K, n in ((3, 500), (5, 400)):
        counts = rng.multinomial(10, np.full(K, 1.0 / K), size=n)
        y = labels_with_all_classes(rng, n, K)
        yield f"ties_tenths_grid_k{K}_n{n}", y, counts / 10.0

    # Heavy imbalance.
    y = labels_with_all_classes(rng, 2000, 4, p=[0.97, 0.01, 0.01, 0.01])
    yield "imbalanced_97pct_k4_n2000", y, informative(rng, y, 4, 1.0)
    y = rng.choice(3, size=2000, p=[0.995, 0.004, 0.001])
    y[:3] = [0, 1, 2]
    yield "imbalanced_rare_class_k3_n2000", y, informative(rng, y, 3, 2.5)

    # Overconfident and underconfident models (ECE far from 0).
    y = labels_with_all_classes(rng, 800, 5)
    P = informative(rng, y, 5, 0.5) ** 4
    yield "overconfident_k5_n800", y, P / P.sum(axis=1, keepdims=True)
    y = labels_with_all_classes(rng, 800, 3)
    P = 0.5 * informative(rng, y, 3, 3.0) + 0.5 / 3
    yield "underconfident_k3_n800", y, P

    # Large n, probabilities kept to 6 significant digits (ties, smaller file); rows sum
    # to 1 within ~1e-6, inside np.allclose.
    y = labels_with_all_classes(rng, 5000, 6)
    P = informative(rng, y, 6, 1.2)
    P = np.array([[float(f"{v:.6g}") for v in row] for row in P])
    yield "large_k6_n5000_6digits", y, P


# ---------------------------------------------------------------- regression


def regression_expected(y, p):
    expected, errors, deviations = {}, {}, {}
    expected["mae"] = float(mean_absolute_error(y, p))
    expected["rmse"] = float(np.sqrt(mean_squared_error(y, p)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r2 = float(r2_score(y, p))
    if np.isnan(r2):
        expected["r2"] = None
        errors["r2"] = "; ".join(str(w.message) for w in caught)
    else:
        expected["r2"] = r2
        if (y == y[0]).all():
            fieldtest = 1.0 if (y == p).all() else 0.0
            if fieldtest != r2:
                deviations["r2"] = {
                    "sklearn": r2,
                    "fieldtest": fieldtest,
                    "reason": (
                        f"y is constant but numpy's mean of it is {np.mean(y)!r}, not {y[0]!r}, so sklearn's "
                        "denominator is not 0; Fieldtest applies sklearn's constant-y rule on the values"
                    ),
                }
    expected["mape"] = float(mean_absolute_percentage_error(y, p))
    return expected, errors, deviations


def regression_cases():
    yield "one_row", [3.0], [2.5]
    yield "two_rows", [1.0, 2.0], [1.5, 1.5]
    yield "sklearn_doc_perfect", [1, 2, 3], [1, 2, 3]
    yield "sklearn_doc_mean_prediction", [1, 2, 3], [2, 2, 2]
    yield "sklearn_doc_reversed", [1, 2, 3], [3, 2, 1]
    yield "sklearn_doc_mape_zero_label", [0.0, 0.5, 1.0, 2.0], [1.2, 0.1, 2.4, 8.0]
    yield "sklearn_doc_mae", [3, -0.5, 2, 7], [2.5, 0.0, 2, 8]

    # Constant y (r2: 1.0 when perfect, else 0.0).
    yield "constant_y_perfect", [-2.0, -2.0, -2.0], [-2.0, -2.0, -2.0]
    yield "constant_y_tiny_miss", [-2.0, -2.0, -2.0], [-2.0, -2.0, -2.0 + 1e-8]
    yield "constant_y_2_5", [2.5, 2.5, 2.5, 2.5], [2.0, 3.0, 2.5, 2.4]
    yield "constant_y_ten_tenths", [0.1] * 10, [0.2] * 10
    yield "constant_zero_y_perfect", [0.0] * 5, [0.0] * 5
    yield "constant_zero_y_miss", [0.0] * 5, [0.0, 0.0, 1e-3, 0.0, -2.0]
    yield "constant_y_inexact_numpy_mean", [0.1, 0.1, 0.1], [0.1, 0.1, 0.2]

    rng = np.random.default_rng(20240608)

    for n in (3, 10, 100, 1000, 3000):
        y = rng.normal(10.0, 3.0, size=n)
        yield f"normal_n{n}", y, y + rng.normal(0.0, 1.0, size=n)

    y = rng.normal(size=300)
    yield "perfect_n300", y, y.copy()
    yield "anticorrelated_n300", y, -2.0 * y + 0.1
    yield "predict_the_mean_n300", y, np.full(300, np.mean(y))

    # Zero labels (MAPE's epsilon floor) mixed with ordinary ones.
    y = np.round(rng.normal(0.0, 2.0, size=400))
    yield "integer_labels_with_zeros_n400", y, y + rng.normal(0.0, 0.5, size=400)
    y = rng.uniform(1.0, 5.0, size=200)
    y[::7] = 0.0
    p = y * rng.uniform(0.8, 1.2, size=200)
    p[::14] = 0.0  # some exact hits on zero labels
    yield "zero_labels_some_exact_n200", y, p
    yield "negative_zero_labels", [-0.0, 0.0, 1.0, -1.0], [0.5, -0.0, 1.5, -0.5]

    # Large and small magnitudes.
    y = rng.lognormal(20.0, 2.0, size=1000)
    yield "lognormal_large_n1000", y, y * rng.lognormal(0.0, 0.3, size=1000)
    y = 1e12 + rng.normal(0.0, 1e3, size=2000)
    yield "offset_1e12_spread_1e3_n2000", y, y + rng.normal(0.0, 5e2, size=2000)
    # Mean far above the spread, n > 8192 (numpy sums in 8192-value buffers): one ulp of
    # the mean (1.2e-4 at 1e12) moves sklearn's r2 by ~1e-9 relative here.
    # Own seed, picked so that numpy's mean is not the correctly rounded one: a Neumaier
    # mean then misses sklearn's r2 by 7e-9, so this case pins the numpy-exact mean.
    own = np.random.default_rng(1)
    y = 1e12 + own.normal(0.0, 1.0, size=9000)
    p = y + own.normal(0.0, 0.5, size=9000)
    assert np.mean(y) != math.fsum(y) / y.size
    yield "offset_1e12_spread_1_n9000", y, p
    y = rng.normal(0.0, 1e150, size=200)
    yield "magnitude_1e150_n200", y, y + rng.normal(0.0, 1e149, size=200)
    y = rng.normal(0.0, 1e-10, size=500)
    yield "magnitude_1e-10_n500", y, y + rng.normal(0.0, 3e-11, size=500)

    # Heavy tails and outliers.
    y = rng.standard_t(2.0, size=1500)
    yield "student_t2_n1500", y, y + rng.standard_t(2.0, size=1500)


# ---------------------------------------------------------------- main


def reference():
    return f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}"


def main():
    assert sklearn.__version__ == "1.2.1", f"reference is scikit-learn 1.2.1, got {sklearn.__version__}"
    mc = {"generator": "packages/core/test/golden/generate_multiclass_regression.py", "reference": reference(), "cases": []}
    for name, y, P in multiclass_cases():
        y = np.asarray(y, dtype=np.int64)
        P = np.asarray(P, dtype=np.float64)
        assert P.ndim == 2 and P.shape[0] == y.size and y.min() >= 0 and y.max() < P.shape[1], name
        assert ((P >= 0) & (P <= 1)).all(), name
        expected, errors = multiclass_expected(y, P)
        case = {
            "name": name,
            "n": int(y.size),
            "k": int(P.shape[1]),
            "labels": y.tolist(),
            "probabilities": [P[:, k].tolist() for k in range(P.shape[1])],
            "expected": expected,
        }
        if errors:
            case["errors"] = errors
        mc["cases"].append(case)

    reg = {"generator": "packages/core/test/golden/generate_multiclass_regression.py", "reference": reference(), "cases": []}
    for name, y, p in regression_cases():
        y = np.asarray(y, dtype=np.float64)
        p = np.asarray(p, dtype=np.float64)
        assert y.shape == p.shape and y.ndim == 1, name
        expected, errors, deviations = regression_expected(y, p)
        case = {"name": name, "n": int(y.size), "labels": y.tolist(), "predictions": p.tolist(), "expected": expected}
        if errors:
            case["errors"] = errors
        if deviations:
            case["deviations"] = deviations
        reg["cases"].append(case)

    for path, doc in ((MULTICLASS_OUT, mc), (REGRESSION_OUT, reg)):
        with open(path, "w") as f:
            json.dump(doc, f, separators=(",", ":"), allow_nan=False)
            f.write("\n")
        print(f"wrote {len(doc['cases'])} cases to {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
