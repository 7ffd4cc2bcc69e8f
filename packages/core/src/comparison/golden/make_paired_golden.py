#!/usr/bin/python3
"""Golden vectors for packages/core/src/comparison/paired-comparison.ts (pairedComparison).

Reference: Debian 12's scikit-learn 1.2.1, scipy 1.10.1, statsmodels 0.13 and numpy, float64
(DESIGN.md, STATISTICS.md). Regenerate with (apt-get install -y python3-sklearn
python3-statsmodels if missing):

    /usr/bin/python3 packages/core/src/comparison/golden/make_paired_golden.py

Writes paired-comparison.golden.json beside this file; paired-comparison.golden.test.ts feeds
the same columns to pairedComparison and compares. Per case and metric, B − A:
- point values: sklearn roc_auc_score, average_precision_score, log_loss(labels=[0, 1]),
  brier_score_loss, accuracy_score, precision/recall/f1_score (zero_division=0),
  balanced_accuracy_score, matthews_corrcoef at s >= threshold; ECE on DESIGN.md's 15
  equal-width bins (numpy; sklearn has none);
- paired bootstrap interval (STATISTICS.md §6): replicate b draws n row indices from the
  xoshiro128** stream seeded with the b-th SplitMix64 output of the master seed
  (test/golden/generate_rng.py), evaluates BOTH models on that one materialised resample
  with the functions above, and takes numpy's 'linear' quantiles of metric(B) − metric(A);
- roc_auc p-value: DeLong, Sun & Xu's algorithm as re-implemented from
  yandexdataschool/roc_comparison in test/golden/generate_uncertainty.py (STATISTICS.md §4);
- accuracy p-value: statsmodels mcnemar(table, exact=True) on the discordant pairs (§5);
- decision at alpha = 1 − level: the named test's p < alpha (none for a degenerate DeLong
  variance), else, for metrics without a named test, the interval excluding 0; "B better"
  when the difference favours B in the metric's direction.
Inputs are drawn here with numpy (seeded) and stored in the file.
"""
import json
import os
import sys

import numpy as np
import scipy
import sklearn
import statsmodels
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    f1_score,
    log_loss,
    matthews_corrcoef,
    precision_score,
    recall_score,
    roc_auc_score,
)
from statsmodels.stats.contingency_tables import mcnemar

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "test", "golden"))
from generate_rng import Xoshiro128ss, splitmix64  # noqa: E402
from generate_uncertainty import delong_reference  # noqa: E402

HIGHER_IS_BETTER = {
    "roc_auc": True,
    "average_precision": True,
    "log_loss": False,
    "brier_score": False,
    "ece": False,
    "accuracy": True,
    "precision": True,
    "recall": True,
    "f1": True,
    "balanced_accuracy": True,
    "mcc": True,
}


def ece(y, p):
    # DESIGN.md: bin k holds p in (k/15, (k+1)/15], bin 0 also holds p = 0.
    bins = np.clip(np.ceil(p * 15).astype(int) - 1, 0, 14)
    total = 0.0
    for k in range(15):
        mask = bins == k
        if mask.any():
            total += mask.sum() / len(y) * abs(y[mask].mean() - p[mask].mean())
    return float(total)


def metric_value(name, y, s, threshold):
    pred = (s >= threshold).astype(float)
    if name == "roc_auc":
        return float(roc_auc_score(y, s))
    if name == "average_precision":
        return float(average_precision_score(y, s))
    if name == "log_loss":
        return float(log_loss(y, s, labels=[0, 1]))
    if name == "brier_score":
        return float(brier_score_loss(y, s))
    if name == "ece":
        return ece(y, s)
    if name == "accuracy":
        return float(accuracy_score(y, pred))
    if name == "precision":
        return float(precision_score(y, pred, zero_division=0))
    if name == "recall":
        return float(recall_score(y, pred, zero_division=0))
    if name == "f1":
        return float(f1_score(y, pred, zero_division=0))
    if name == "balanced_accuracy":
        return float(balanced_accuracy_score(y, pred))
    if name == "mcc":
        return float(matthews_corrcoef(y, pred))
    raise ValueError(name)


def paired_bootstrap(y, sa, sb, metrics, threshold, seed, resamples, level):
    n = len(y)
    values = {m: [] for m in metrics}
    for seed_b in splitmix64(seed, resamples):
        rng = Xoshiro128ss(seed_b)
        while True:
            idx = np.array([rng.uniform_int(n) for _ in range(n)])
            yb = y[idx]
            if "roc_auc" in metrics and yb.min() == yb.max():
                continue  # one class: roc_auc undefined, the whole suite draws again
            for m in metrics:
                values[m].append(metric_value(m, yb, sb[idx], threshold) - metric_value(m, yb, sa[idx], threshold))
            break
    a = 1 - level
    out = {}
    for m in metrics:
        lo, hi = np.quantile(np.asarray(values[m], dtype=np.float64), [a / 2, 1 - a / 2])
        out[m] = (float(lo), float(hi))
    return out


def decide(higher, difference, p, alpha, lower, upper):
    b_better = difference > 0 if higher else difference < 0
    if p is not None:
        significant = p < alpha and difference != 0
    else:
        significant = lower > 0 or upper < 0
    if not significant:
        return "no_detectable_difference"
    return "b_better" if b_better else "a_better"


def case(name, y, sa, sb, metrics, threshold, seed, resamples, level):
    y = np.asarray(y, dtype=np.float64)
    sa = np.asarray(sa, dtype=np.float64)
    sb = np.asarray(sb, dtype=np.float64)
    alpha = 1 - level
    intervals = paired_bootstrap(y, sa, sb, metrics, threshold, seed, resamples, level)
    right_a = (sa >= threshold).astype(float) == y
    right_b = (sb >= threshold).astype(float) == y
    only_a = int(np.sum(right_a & ~right_b))
    only_b = int(np.sum(~right_a & right_b))
    mc_p = float(mcnemar([[0, only_a], [only_b, 0]], exact=True).pvalue)
    delong = delong_reference(y, sa, sb)
    expected = []
    for m in metrics:
        a = metric_value(m, y, sa, threshold)
        b = metric_value(m, y, sb, threshold)
        lo, hi = intervals[m]
        p = None
        test = "paired_bootstrap_interval"
        if m == "accuracy":
            p, test = mc_p, "mcnemar_exact"
        elif m == "roc_auc":
            p, test = delong["pValue"], "delong"
        decision = decide(HIGHER_IS_BETTER[m], b - a, p, alpha, lo, hi)
        if m == "roc_auc" and delong["degenerate"]:
            decision = "no_detectable_difference"
        expected.append(
            {"metric": m, "a": a, "b": b, "difference": b - a, "lower": lo, "upper": hi, "test": test,
             "pValue": p, "decision": decision}
        )
    return {
        "name": name,
        "labels": y.tolist(),
        "scoresA": sa.tolist(),
        "scoresB": sb.tolist(),
        "metrics": metrics,
        "threshold": threshold,
        "seed": seed,
        "resamples": resamples,
        "level": level,
        "expected": {
            "onlyACorrect": only_a,
            "onlyBCorrect": only_b,
            "mcnemarPValue": mc_p,
            "delong": {"aucA": delong["aucA"], "aucB": delong["aucB"], "pValue": delong["pValue"],
                       "degenerate": delong["degenerate"]},
            "metrics": expected,
        },
    }


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def main():
    rng = np.random.default_rng(20261127)
    cases = []
    all_metrics = list(HIGHER_IS_BETTER)

    n = 300
    y = (rng.random(n) < 0.4).astype(float)
    shared = rng.normal(size=n)
    sa = sigmoid(0.6 * (2 * y - 1) + shared)
    sb = sigmoid(1.4 * (2 * y - 1) + 0.7 * shared + 0.5 * rng.normal(size=n))
    cases.append(case("b_better_all_metrics_n300", y, sa, sb, all_metrics, 0.5, 20260127, 300, 0.95))

    n = 250
    y = (rng.random(n) < 0.5).astype(float)
    sa = sigmoid(1.0 * (2 * y - 1) + rng.normal(size=n))
    sb = np.clip(sa + 0.02 * rng.normal(size=n), 0, 1)
    cases.append(case("no_difference_n250", y, sa, sb, ["roc_auc", "accuracy", "brier_score", "f1"], 0.5, 7, 250, 0.95))

    n = 200
    y = (rng.random(n) < 0.3).astype(float)
    shared = rng.normal(size=n)
    sa = np.round(sigmoid(1.5 * (2 * y - 1) + shared), 1)
    sb = np.round(sigmoid(0.4 * (2 * y - 1) + shared + 0.8 * rng.normal(size=n)), 1)
    cases.append(
        case("a_better_ties_threshold_0.3_level_0.9", y, sa, sb,
             ["roc_auc", "accuracy", "log_loss", "mcc", "balanced_accuracy"], 0.3, 99, 200, 0.9)
    )

    y = np.array([1, 0, 1, 0, 1, 1, 0, 0, 1, 0] * 6, dtype=float)
    s = np.clip(0.5 + 0.3 * (2 * y - 1) + 0.2 * rng.normal(size=60), 0, 1)
    cases.append(case("identical_models_n60", y, s, s.copy(), ["roc_auc", "accuracy"], 0.5, 3, 100, 0.95))

    out = {
        "sklearn": sklearn.__version__,
        "scipy": scipy.__version__,
        "statsmodels": statsmodels.__version__,
        "numpy": np.__version__,
        "cases": cases,
    }
    with open(os.path.join(HERE, "paired-comparison.golden.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
