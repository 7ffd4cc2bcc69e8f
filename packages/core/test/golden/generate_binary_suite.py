#!/usr/bin/python3
"""Golden vectors for Fieldtest's whole binary suite, computed by the reference implementation.

Run with Debian 12's interpreter, whose scikit-learn (1.2.1, `apt-get install -y
python3-sklearn`) is the reference named in DESIGN.md — not the `python3` on PATH:

    /usr/bin/python3 packages/core/test/golden/generate_binary_suite.py

Writes binary-suite.json next to this file; metrics/binary-suite.golden.test.ts checks
core against it. Per case: float64 labels (0/1) and scores, then

- roc_auc_score, average_precision_score (sklearn; roc_auc null with sklearn's error when
  it raises, i.e. one class present);
- log_loss(y, p, labels=[0, 1]) (eps "auto" = 2.220446049250313e-16; `labels` because
  Fieldtest's labels are 0/1 by contract, so one class is defined) and brier_score_loss —
  null when a score is outside [0, 1], which Fieldtest refuses for probability metrics;
- ece and the 15 reliability bins from `reliability_reference` below: there is no sklearn
  function, so this is a direct numpy implementation of DESIGN.md's definition;
- at each of several thresholds t, with predictions s >= t: accuracy, precision, recall,
  f1 (all zero_division=0), balanced_accuracy, matthews_corrcoef and the confusion matrix;
- for cases up to 2,000 rows, the full curves: roc_curve(drop_intermediate=False) and
  precision_recall_curve.

Cases are seeded (numpy PCG64 `default_rng`), so rerunning reproduces the file exactly.
The large case stores its scores rounded to 6 decimals through Python's correctly rounded
float(str), so each JSON number parses to the very same double in JavaScript.
"""

import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    log_loss,
    matthews_corrcoef,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "binary-suite.json")
CURVES_UP_TO = 2000
BINS = 15
EDGES = np.arange(BINS + 1, dtype=np.float64) / BINS  # k/15, correctly rounded


def reliability_reference(y, p):
    """DESIGN.md: bin k holds p in (k/15, (k+1)/15], bin 0 also holds 0;
    ECE = sum over non-empty bins of (n_b/N)·|mean(y) − mean(p)|, summed in bin order."""
    idx = np.searchsorted(EDGES, p, side="left") - 1
    idx[idx < 0] = 0
    n = p.size
    bins = {"count": [], "positives": [], "mean_predicted": [], "observed_rate": []}
    ece = 0.0
    for k in range(BINS):
        m = idx == k
        count = int(m.sum())
        positives = int(y[m].sum())
        bins["count"].append(count)
        bins["positives"].append(positives)
        if count == 0:
            bins["mean_predicted"].append(None)
            bins["observed_rate"].append(None)
            continue
        observed = positives / count
        mean_p = float(np.mean(p[m]))
        bins["mean_predicted"].append(mean_p)
        bins["observed_rate"].append(observed)
        ece += (count / n) * abs(observed - mean_p)
    return ece, bins


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def round6(values):
    return np.array([float(f"{v:.6f}") for v in values], dtype=np.float64)


def cases():
    # STATISTICS.md spot vectors.
    yield "spot_auc_ap", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]
    yield "spot_log_loss_spam_ham", [1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65]  # "spam" is the greater class

    # Tiny n.
    yield "one_row_positive", [1], [0.7]
    yield "one_row_negative", [0], [0.5]
    yield "two_rows_ordered", [0, 1], [0.2, 0.8]
    yield "two_rows_inverted", [0, 1], [0.8, 0.2]
    yield "two_rows_tied", [0, 1], [0.5, 0.5]
    yield "two_rows_both_positive", [1, 1], [0.3, 0.6]

    # Scores exactly at (and one ulp around) the 0.5 threshold.
    yield "at_threshold", [0, 1, 1, 0, 1, 0, 0, 1, 1, 0], [
        0.5, 0.5, 0.5, 0.5, 0.49999999999999994, 0.5000000000000001, 0.1, 0.9, 0.49999999999999994, 0.5000000000000001
    ]
    # log_loss clipping: exact 0 and 1, confident and wrong; values within eps of the ends.
    yield "zeros_and_ones", [0, 1, 1, 0, 1, 0, 1, 0], [0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.5, 0.5]
    yield "near_eps", [1, 0, 1, 0, 1, 0, 1, 0], [
        5e-324, 1e-20, 2.220446049250313e-16, 0.9999999999999998, 0.9999999999999999, 1 - 1e-17, 1e-300, 4.440892098500626e-16
    ]
    yield "signed_zero", [0, 1, 1, 0, 1, 0], [0.0, -0.0, 0.5, 0.5, 0.0, -0.0]
    # ECE bin edges: every k/15 and its neighbours one ulp either side.
    edges = [float(e) for e in EDGES]
    below = [float(np.nextafter(e, -1.0)) for e in edges[1:]]
    above = [float(np.nextafter(e, 2.0)) for e in edges[:-1]]
    s = edges + below + above
    yield "bin_edges", [i % 2 for i in range(len(s))], s

    rng = np.random.default_rng(20240601)

    def labels(n, p):
        return (rng.random(n) < p).astype(np.float64)

    for n in (3, 10, 57, 1000):
        y = labels(n, 0.5)
        if y.min() == y.max():
            y[0] = 1.0 - y[0]
        yield f"uniform_n{n}", y, rng.random(n)

    for n in (200, 5000):
        y = labels(n, 0.4)
        yield f"informative_n{n}", y, sigmoid(1.5 * (2 * y - 1) + rng.normal(size=n))

    # Heavy ties.
    y = labels(2000, 0.3)
    yield "ties_rounded_1dp_n2000", y, np.round(sigmoid((2 * y - 1) + rng.normal(size=2000)), 1)
    y = labels(1500, 0.5)
    yield "ties_three_values_n1500", y, rng.integers(0, 3, size=1500).astype(np.float64) / 2
    y = labels(100, 0.5)
    yield "all_same_score_n100", y, np.full(100, 0.5)

    # Heavy imbalance.
    y = labels(20000, 0.002)
    yield "imbalanced_0.2pct_pos_n20000", y, np.round(sigmoid(2 * y - 1 + rng.normal(size=20000)), 3)
    y = labels(5000, 0.995)
    yield "imbalanced_99.5pct_pos_n5000", y, np.round(sigmoid(0.5 * (2 * y - 1) + rng.normal(size=5000)), 4)
    y = np.zeros(1000)
    y[417] = 1.0
    yield "single_positive_n1000", y, np.round(rng.random(1000), 2)

    # Perfect and perfectly wrong.
    y = labels(500, 0.5)
    s = np.where(y == 1, 0.6 + 0.4 * rng.random(500), 0.4 * rng.random(500))
    yield "perfect_separation_n500", y, s
    yield "perfectly_inverted_n500", y, 1.0 - s

    # One class present: roc_auc undefined, AP = 0 (no positives) or 1 (no negatives).
    yield "all_negatives_n50", np.zeros(50), rng.random(50)
    yield "all_positives_n50", np.ones(50), rng.random(50)
    yield "all_negatives_n1", [0], [0.0]

    # Decision scores (not probabilities): ranking and threshold metrics only.
    yield "decision_scores", [0, 1, 0, 1, 1, 0, 1], [-1e300, 1e300, -3.5, 2.0, -0.5, 7.25, 0.5]
    y = labels(800, 0.4)
    yield "logits_n800", y, 2.0 * (2 * y - 1) + rng.normal(size=800) * 1.5

    # Large n, stored compactly (6 decimals; ~1% tied values).
    n = 200_000
    y = labels(n, 0.1)
    yield "large_n200000", y, round6(sigmoid(1.2 * (2 * y - 1) - 1.0 + rng.normal(size=n)))


def thresholds_for(s):
    return sorted({0.5, 0.0, 1.0, float(np.median(s)), float(s[0])})


def case_record(name, y, s):
    y = np.asarray(y, dtype=np.float64)
    s = np.asarray(s, dtype=np.float64)
    assert y.shape == s.shape and set(np.unique(y)) <= {0.0, 1.0}, name
    assert np.all(np.isfinite(s)), name
    probabilities = bool(np.all((s >= 0) & (s <= 1)))
    record = {"name": name, "n": int(y.size), "labels": [int(v) for v in y], "scores": s.tolist()}
    record["probabilities"] = probabilities

    ts = thresholds_for(s)
    record["thresholds"] = ts
    tm = {k: [] for k in ("accuracy", "precision", "recall", "f1", "balanced_accuracy", "mcc")}
    confusion = []
    for t in ts:
        yp = (s >= t).astype(np.float64)
        tm["accuracy"].append(float(accuracy_score(y, yp)))
        tm["precision"].append(float(precision_score(y, yp, zero_division=0)))
        tm["recall"].append(float(recall_score(y, yp, zero_division=0)))
        tm["f1"].append(float(f1_score(y, yp, zero_division=0)))
        tm["balanced_accuracy"].append(float(balanced_accuracy_score(y, yp)))
        tm["mcc"].append(float(matthews_corrcoef(y, yp)))
        tn, fp, fn, tp = confusion_matrix(y, yp, labels=[0, 1]).ravel()
        confusion.append({"tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn)})
    record["threshold_metrics"] = tm
    record["confusion"] = confusion

    try:
        record["roc_auc"] = float(roc_auc_score(y, s))
    except ValueError as e:
        record["roc_auc"] = None
        record["roc_auc_error"] = str(e)
    record["average_precision"] = float(average_precision_score(y, s))

    if probabilities:
        record["log_loss"] = float(log_loss(y, s, labels=[0, 1]))
        record["brier_score"] = float(brier_score_loss(y, s))
        ece, bins = reliability_reference(y, s)
        record["ece"] = ece
        record["reliability"] = bins
    else:
        record["log_loss"] = record["brier_score"] = record["ece"] = record["reliability"] = None

    if y.size <= CURVES_UP_TO:
        both = 0 < y.sum() < y.size
        if both:
            fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
            record["roc_curve"] = {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr.tolist()}
        if y.sum() > 0:
            precision, recall, thr = precision_recall_curve(y, s)
            record["pr_curve"] = {"precision": precision.tolist(), "recall": recall.tolist(), "thresholds": thr.tolist()}
    return record


def main():
    warnings.simplefilter("ignore")  # sklearn warns on one class / zero division; the values are what we test
    out = {
        "generator": "packages/core/test/golden/generate_binary_suite.py",
        "reference": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}",
        "cases": [case_record(name, y, s) for name, y, s in cases()],
    }
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {len(out['cases'])} cases ({os.path.getsize(OUT)} bytes) to {OUT}")


if __name__ == "__main__":
    main()
