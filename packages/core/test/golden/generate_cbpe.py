#!/usr/bin/python3
"""Golden vectors for Fieldtest's label-free estimate (packages/core/src/estimation/).

Run with Debian 12's interpreter (scikit-learn 1.2.1, numpy 1.24, the references named in
DESIGN.md), not a virtualenv's python3:

    /usr/bin/python3 packages/core/test/golden/generate_cbpe.py

Writes cbpe.json next to this file. References, per section (STATISTICS.md §9):
- isotonic: sklearn `IsotonicRegression(increasing=True, out_of_bounds="clip")` itself —
  `X_thresholds_`, `y_thresholds_` and `predict`;
- stratified fold sizes: sklearn `StratifiedShuffleSplit(test_size=0.1)` itself (the
  per-class train/test counts of its first split; cases without remainder ties only, where
  the counts do not depend on the generator);
- equal-count ECE: NannyML's `_get_bin_index_edges` and `_calculate_expected_calibration_error`
  (nannyml/calibration.py), re-implemented below with a stable sort (Fieldtest's documented
  deviation: NannyML's quicksort leaves ties in arbitrary order);
- calibration check: NannyML's `needs_calibration` with the folds drawn as
  packages/core/src/estimation/stratified-shuffle-split.ts documents, from Fieldtest's PRNG
  (generate_rng.py's independent implementation), sklearn's IsotonicRegression per fold;
- CBPE estimates: the §9 formulas in numpy for fixed calibrated inputs — the expected
  confusion matrix and, for ROC AUC, NannyML's `estimate_roc_auc` with tie grouping (a
  point only after the last row of each run of equal scores); NannyML's ungrouped value
  is recorded beside it (`nannyml_ungrouped`) to show where the two differ;
- np.round(x, 5) on chosen values (halves to even).
Inputs are seeded (numpy PCG64 `default_rng`), so rerunning reproduces the file.
"""

import json
import math
import os
import sys

import numpy as np
import sklearn
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import auc as sk_auc
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedShuffleSplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from generate_rng import Xoshiro128ss  # noqa: E402

OUT = os.path.join(HERE, "cbpe.json")
rng = np.random.default_rng(20240917)


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64)]


def num_or_none(v):
    v = float(v)
    return v if math.isfinite(v) else None


# ---------------------------------------------------------------- isotonic regression
def isotonic_case(name, x, y, predict_x):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    predict_x = np.asarray(predict_x, dtype=np.float64)
    ir = IsotonicRegression(increasing=True, out_of_bounds="clip").fit(x, y)
    return {
        "name": name,
        "x": floats(x),
        "y": floats(y),
        "xThresholds": floats(ir.X_thresholds_),
        "yThresholds": floats(ir.y_thresholds_),
        "predictX": floats(predict_x),
        "predictions": floats(ir.predict(predict_x)),
    }


def predict_grid(x, extra=()):
    lo, hi = float(np.min(x)), float(np.max(x))
    span = hi - lo if hi > lo else 1.0
    grid = np.linspace(lo - 0.1 * span, hi + 0.1 * span, 101)
    return np.concatenate([grid, np.unique(x)[:50], rng.uniform(lo, hi, 50), np.asarray(extra, dtype=np.float64)])


def isotonic_cases():
    cases = []
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 1.0])
    cases.append(isotonic_case("spot six rows", x, y, predict_grid(x, [2.5, 3.5, 0.0, 7.0])))

    s = rng.uniform(0, 1, 200)
    y = (rng.uniform(0, 1, 200) < s**2).astype(float)
    cases.append(isotonic_case("binary n=200 distinct scores", s, y, predict_grid(s)))

    s = np.round(rng.uniform(0, 1, 500), 2)
    y = (rng.uniform(0, 1, 500) < s).astype(float)
    cases.append(isotonic_case("binary n=500 scores tied at 2 decimals", s, y, predict_grid(s)))

    s = rng.normal(0, 2, 300)
    y = np.tanh(s) + rng.normal(0, 0.5, 300)
    cases.append(isotonic_case("continuous y on logits n=300", s, y, predict_grid(s)))

    x = np.full(10, 0.3)
    y = np.array([0, 1, 1, 0, 1, 0, 0, 0, 1, 1], dtype=float)
    cases.append(isotonic_case("all x equal", x, y, [0.0, 0.3, 1.0]))

    x = np.arange(1.0, 11.0)
    y = np.arange(10.0, 0.0, -1.0)
    cases.append(isotonic_case("strictly decreasing y pools to one block", x, y, predict_grid(x)))

    cases.append(isotonic_case("one row", [0.42], [1.0], [0.0, 0.42, 1.0]))

    x = np.array([0.0, 5e-16, 1.2e-15, 0.5, 0.5 + 2e-16, 0.5 + 1e-15, 1.0])
    y = np.array([0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0])
    cases.append(isotonic_case("x closer than 1e-15 merge into their first x", x, y, predict_grid(x, x)))

    x = np.array([0.1, 0.2, 0.2, 0.3, 0.4, 0.4, 0.4, 0.9])
    y = np.array([0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    cases.append(isotonic_case("ties with mixed labels", x, y, predict_grid(x)))

    x = np.array([-0.0, 0.0, 0.25, 0.25, 1.0])
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    cases.append(isotonic_case("negative zero and zero are one x", x, y, [-1.0, -0.0, 0.0, 0.1, 2.0]))

    s = np.round(rng.beta(2, 5, 20000), 3)
    y = (rng.uniform(0, 1, 20000) < np.clip(s * 1.4, 0, 1)).astype(float)
    cases.append(isotonic_case("binary n=20000 ties at 3 decimals", s, y, predict_grid(s)))

    s = rng.uniform(0, 1, 2000)
    y = (rng.uniform(0, 1, 2000) < 0.05 * s).astype(float)
    cases.append(isotonic_case("heavy imbalance n=2000", s, y, predict_grid(s)))
    return cases


# ---------------------------------------------------------------- stratified fold sizes
def fold_size_cases():
    cases = []
    for n0, n1 in [(9, 2), (18, 12), (27, 3), (50, 50), (97, 3), (600, 400), (990, 10), (123, 456), (7, 4)]:
        y = np.array([0] * n0 + [1] * n1)
        X = np.zeros((n0 + n1, 1))
        sss = StratifiedShuffleSplit(n_splits=1, test_size=0.1, random_state=0)
        train, test = next(sss.split(X, y))
        n = n0 + n1
        n_test = math.ceil(0.1 * n)
        cont_train = np.array([n0, n1]) / n * (n - n_test)
        rem = cont_train - np.floor(cont_train)
        assert rem[0] != rem[1] or rem[0] == 0, "remainder tie: counts would depend on the generator"
        cases.append({
            "classCounts": [n0, n1],
            "trainPerClass": [int(np.sum(y[train] == 0)), int(np.sum(y[train] == 1))],
            "testPerClass": [int(np.sum(y[test] == 0)), int(np.sum(y[test] == 1))],
        })
    return cases


# ---------------------------------------------------------------- NannyML equal-count ECE
def bin_index_edges(vector_length, bin_count):
    if vector_length <= 2 * bin_count:
        bin_count = vector_length // 2
        if bin_count < 2:
            raise ValueError("cannot split into minimum of 2 bins")
    bin_width = vector_length // bin_count
    bin_edges = np.asarray(range(0, vector_length + 1, bin_width))
    bin_edges[-1] = vector_length
    return [(int(a), int(b)) for a, b in zip(bin_edges[:-1], bin_edges[1:])]


def equal_count_ece(y_true, y_pred_proba, edges):
    y_pred_proba, y_true = np.asarray(y_pred_proba), np.asarray(y_true)
    order = y_pred_proba.argsort(kind="stable")  # NannyML: default quicksort (ties arbitrary)
    y_pred_proba = y_pred_proba[order]
    y_true = y_true[order]
    terms = []
    for left, right in edges:
        weight = (right - left) / len(y_pred_proba)
        terms.append(weight * abs(np.mean(y_pred_proba[left:right]) - np.mean(y_true[left:right])))
    return float(np.sum(terms))


def ece_cases():
    edges = []
    for length, bins in [(4, 10), (5, 10), (20, 10), (21, 10), (25, 10), (100, 10), (105, 10), (119, 10),
                         (1000, 10), (37, 3), (9, 2)]:
        edges.append({"length": length, "bins": bins, "edges": [list(e) for e in bin_index_edges(length, bins)]})
    cases = []
    for name, n in [("distinct n=1000", 1000), ("distinct n=57", 57)]:
        p = rng.uniform(0, 1, n)
        y = (rng.uniform(0, 1, n) < p**1.5).astype(float)
        cases.append({"name": name, "labels": floats(y), "probabilities": floats(p), "bins": 10,
                      "ece": equal_count_ece(y, p, bin_index_edges(n, 10))})
    p = np.round(rng.uniform(0, 1, 400), 1)
    y = (rng.uniform(0, 1, 400) < p).astype(float)
    cases.append({"name": "ties across edges, stable order", "labels": floats(y), "probabilities": floats(p),
                  "bins": 10, "ece": equal_count_ece(y, p, bin_index_edges(400, 10))})
    return {"edges": edges, "cases": cases}


# ---------------------------------------------------------------- calibration check
def approximate_mode(class_counts, n_draws, r):
    class_counts = np.asarray(class_counts)
    continuous = class_counts / class_counts.sum() * n_draws
    floored = np.floor(continuous)
    need = int(n_draws - floored.sum())
    if need > 0:
        remainder = continuous - floored
        for value in sorted(set(remainder.tolist()), reverse=True):
            tied = [k for k in range(len(remainder)) if remainder[k] == value]
            add_now = min(len(tied), need)
            for a in range(add_now):  # partial Fisher-Yates from the front
                j = a + r.uniform_int(len(tied) - a)
                tied[a], tied[j] = tied[j], tied[a]
                floored[tied[a]] += 1
            need -= add_now
            if need == 0:
                break
    return floored.astype(int)


def shuffle(values, r):
    for i in range(len(values) - 1, 0, -1):
        j = r.uniform_int(i + 1)
        values[i], values[j] = values[j], values[i]


def fieldtest_folds(labels, splits, test_fraction, seed):
    n = len(labels)
    n_test = math.ceil(test_fraction * n)
    n_train = n - n_test
    class_rows = [[i for i in range(n) if labels[i] == k] for k in (0, 1)]
    counts = np.array([len(class_rows[0]), len(class_rows[1])])
    r = Xoshiro128ss(seed)
    folds = []
    for _ in range(splits):
        n_i = approximate_mode(counts, n_train, r)
        t_i = approximate_mode(counts - n_i, n_test, r)
        train, test = [], []
        for k in (0, 1):
            rows = list(class_rows[k])
            shuffle(rows, r)
            train.extend(rows[: n_i[k]])
            test.extend(rows[n_i[k]: n_i[k] + t_i[k]])
        shuffle(test, r)
        folds.append((sorted(train), test, [int(v) for v in n_i], [int(v) for v in t_i]))
    return folds


def calibration_check_case(name, labels, scores, seed):
    labels = np.asarray(labels, dtype=np.float64)
    scores = np.asarray(scores, dtype=np.float64)
    out = {"name": name, "labels": floats(labels), "scores": floats(scores), "seed": seed}
    if len(np.unique(labels)) == 1:
        out.update({"reason": "one_class", "needsCalibration": False})
        return out
    auc = float(roc_auc_score(labels, scores))
    out["rocAuc"] = auc
    if auc > 0.999:
        out.update({"reason": "separable", "needsCalibration": False})
        return out
    folds = fieldtest_folds(labels, 10, 0.1, seed)
    yt, raw, cal = [], [], []
    for train, test, _, _ in folds:
        ir = IsotonicRegression(increasing=True, out_of_bounds="clip").fit(scores[train], labels[train])
        yt.append(labels[test])
        raw.append(scores[test])
        cal.append(ir.predict(scores[test]))
    yt, raw, cal = np.concatenate(yt), np.concatenate(raw), np.concatenate(cal)
    edges = bin_index_edges(len(raw), 10)
    before = equal_count_ece(yt, raw, edges)
    after = equal_count_ece(yt, cal, edges)
    out.update({
        "reason": "ece_improved" if before > after else "ece_not_improved",
        "needsCalibration": bool(before > after),
        "eceBefore": before,
        "eceAfter": after,
        "folds": [{"trainPerClass": f[2], "testPerClass": f[3], "test": [int(v) for v in f[1]]} for f in folds[:2]],
    })
    return out


def calibration_check_cases():
    cases = []
    p = rng.uniform(0, 1, 2000)
    y = (rng.uniform(0, 1, 2000) < p).astype(float)
    cases.append(calibration_check_case("calibrated scores n=2000", y, p, 7))
    cases.append(calibration_check_case("overconfident scores n=2000 (p^0.25)", y, p**0.25, 8))
    s = np.round(rng.uniform(0, 1, 1000), 1)
    y = (rng.uniform(0, 1, 1000) < s**2).astype(float)
    cases.append(calibration_check_case("scores tied at 1 decimal n=1000", y, s, 42))
    s = rng.uniform(0, 1, 40)
    y = np.zeros(40)
    y[np.argsort(s)[-6:-1]] = 1.0
    y[3] = 1.0
    cases.append(calibration_check_case("small imbalanced n=40", y, s, 1))
    s = rng.uniform(0, 1, 30)
    y = (rng.uniform(0, 1, 30) < 0.5).astype(float)
    cases.append(calibration_check_case("n=30 (ceil(0.1*30) = 4 test rows)", y, s, 3))
    s = rng.uniform(0, 1, 200)
    cases.append(calibration_check_case("separable", (s > 0.6).astype(float), s, 5))
    cases.append(calibration_check_case("one class", np.ones(50), rng.uniform(0, 1, 50), 5))
    return cases


# ---------------------------------------------------------------- CBPE estimates
def cbpe_estimates(scores, calibrated, threshold):
    scores = np.asarray(scores, dtype=np.float64)
    p = np.asarray(calibrated, dtype=np.float64)
    pred = scores >= threshold
    tp = np.sum(np.where(pred, p, 0))
    fp = np.sum(np.where(pred, 1 - p, 0))
    fn = np.sum(np.where(~pred, p, 0))
    tn = np.sum(np.where(~pred, 1 - p, 0))
    n = len(p)

    def ratio(a, b):
        return float(a / b) if b != 0 else 0.0

    out = {
        "expectedConfusion": {"truePositives": float(tp), "falsePositives": float(fp),
                              "falseNegatives": float(fn), "trueNegatives": float(tn)},
        "accuracy": float((tp + tn) / n),
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, tp + fn),
        "f1": ratio(tp, tp + 0.5 * (fp + fn)),
    }
    out["roc_auc"] = grouped_roc_auc(scores, p)
    out["nannyml_ungrouped"] = nannyml_roc_auc(p, scores)
    return out


def grouped_roc_auc(scores, p):
    order = np.argsort(-scores, kind="stable")  # descending; ties by row
    s = scores[order]
    cum = np.cumsum(p[order])
    ends = np.r_[np.nonzero(s[1:] != s[:-1])[0], len(s) - 1]
    tps = np.r_[0, cum[ends]]
    fps = np.r_[0, (ends + 1) - cum[ends]]
    tps = np.round(tps, 5)
    fps = np.round(fps, 5)
    if tps[-1] == 0 or fps[-1] == 0:
        return None
    return float(sk_auc(fps / fps[-1], tps / tps[-1]))


def nannyml_roc_auc(true_y_pred_proba, model_y_pred_proba):
    # nannyml/performance_estimation/confidence_based/metrics.py `estimate_roc_auc`, verbatim logic.
    sorted_index = np.argsort(model_y_pred_proba)[::-1]
    true_y_pred_proba = true_y_pred_proba[sorted_index]
    with np.errstate(divide="ignore", invalid="ignore"):
        tps = np.cumsum(true_y_pred_proba)
        fps = 1 + np.arange(len(true_y_pred_proba)) - tps
        tps = np.round(np.r_[0, tps], 5)
        fps = np.round(np.r_[0, fps], 5)
        if tps[-1] == 0 or fps[-1] == 0:
            return None
        return float(sk_auc(fps / fps[-1], tps / tps[-1]))


def cbpe_case(name, scores, calibrated, threshold):
    return {"name": name, "scores": floats(scores), "calibrated": floats(calibrated), "threshold": threshold,
            **cbpe_estimates(scores, calibrated, threshold)}


def cbpe_cases():
    cases = []
    s = rng.uniform(0, 1, 1000)
    cases.append(cbpe_case("distinct scores n=1000", s, np.clip(s**1.3 + rng.normal(0, 0.02, 1000), 0, 1), 0.5))
    s = np.round(rng.uniform(0, 1, 1000), 2)
    cases.append(cbpe_case("scores tied at 2 decimals n=1000", s, np.sqrt(s) * 0.9, 0.3))
    s = rng.uniform(0, 1, 5000)
    cases.append(cbpe_case("heavy imbalance n=5000", s, 0.02 * s**3, 0.01))
    cases.append(cbpe_case("three rows", [0.2, 0.9, 0.6], [0.1, 0.8, 0.7], 0.5))
    cases.append(cbpe_case("two rows, one tie", [0.5, 0.5], [0.3, 0.6], 0.5))
    s = rng.uniform(0, 1, 300)
    cases.append(cbpe_case("no predicted positives (threshold above every score)", s, s, 1.5))
    cases.append(cbpe_case("every probability 0: roc_auc undefined, recall 0", [0.1, 0.2, 0.3], [0.0, 0.0, 0.0], 0.2))
    k = rng.integers(0, 200, 400)
    cases.append(cbpe_case("probabilities on a 5e-6 grid (rounding halves)", rng.uniform(0, 1, 400), k * 5e-6, 0.5))
    s = np.repeat(rng.uniform(0, 1, 40), 25)
    cases.append(cbpe_case("25 copies of each of 40 scores", s, np.clip(s + rng.normal(0, 0.1, 1000), 0, 1), 0.5))
    return cases


def round_vectors():
    values = [0.0, 5e-6, 1.5e-5, 2.5e-5, 3.5e-5, 0.123455, 0.123465, 12.345675, 1e-7, 0.999995, 1.0000050000000001,
              123456.789015, 0.5, 2.675e-5, 6.5e-6, -0.0, 7.25e-6]
    return [{"x": v, "rounded": float(np.round(v, 5))} for v in values]


# ---------------------------------------------------------------- end to end (calibrated)
def end_to_end_case():
    n_ref, n_mon = 3000, 2000
    x = rng.normal(0, 1, n_ref)
    p_true = 1 / (1 + np.exp(-2 * x))
    y = (rng.uniform(0, 1, n_ref) < p_true).astype(float)
    score = p_true**3  # under-confident for positives: needs calibration
    x_mon = rng.normal(0.5, 1, n_mon)  # covariate shift only
    mon_score = (1 / (1 + np.exp(-2 * x_mon))) ** 3
    ir = IsotonicRegression(increasing=True, out_of_bounds="clip").fit(score, y)
    calibrated = ir.predict(mon_score)
    threshold = 0.2
    return {
        "referenceLabels": floats(y),
        "referenceScores": floats(score),
        "monitoredScores": floats(mon_score),
        "threshold": threshold,
        "monitoredCalibrated": floats(calibrated),
        **cbpe_estimates(mon_score, calibrated, threshold),
    }


def main():
    out = {
        "generator": "packages/core/test/golden/generate_cbpe.py",
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__},
        "isotonic": isotonic_cases(),
        "foldSizes": fold_size_cases(),
        "equalCountEce": ece_cases(),
        "calibrationCheck": calibration_check_cases(),
        "cbpe": cbpe_cases(),
        "round5": round_vectors(),
        "endToEnd": end_to_end_case(),
    }
    with open(OUT, "w") as f:
        json.dump(out, f)
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
