#!/usr/bin/python3
"""Golden vectors for packages/core/src/shadow (scoreShadowSnapshot).

Reference: Debian 12's scikit-learn 1.2.1, scipy 1.10.1 and numpy (DESIGN.md), float64.
Regenerate with (apt-get install -y python3-sklearn if missing):

    /usr/bin/python3 packages/core/src/shadow/testing/make_golden.py

Writes shadow.golden.json beside this file; shadow.golden.test.ts feeds the same events to
scoreShadowSnapshot and compares. The data are drawn here with numpy (seeded) and stored in
the file, so the TypeScript side needs no generator. Missing values (unlabelled events,
unknown latencies, label times of unlabelled events) are stored as null.

Per case, over the events where every version's status is 1 ("matched") and, for metrics,
those with a label ("labelled"):
- binary: roc_auc_score, average_precision_score, accuracy_score, precision/recall/f1_score
  (zero_division=0) at s >= 0.5, brier_score_loss, log_loss(labels=[0, 1]), ECE on DESIGN.md's
  15 equal-width bins (numpy; no sklearn function); decision agreement at 0.5; ks_2samp of the
  challenger's vs the champion's matched scores and of each version's matched scores vs its
  reference predictions; McNemar exact p = min(1, 2·binom.cdf(min(b, c), b + c, ½));
- multiclass: accuracy_score, f1_score(average="macro"), log_loss(labels=range(K)), Brier
  = mean Σ_k (p_k − 1[y = k])², argmax agreement;
- regression: mean_absolute_error, sqrt(mean_squared_error), r2_score, mean |a − b| and
  scipy.stats.pearsonr of the two versions' matched predictions;
- every case: latency p50/p95/p99 as numpy.percentile (linear) and the mean over ok calls
  with a known latency, error and timeout rates over calls (status 1–3), and the median
  label lag numpy.median(label time − event time).
"""
import json
import math
import os

import numpy as np
import scipy
import sklearn
from scipy.stats import binom, ks_2samp, pearsonr
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    f1_score,
    log_loss,
    mean_absolute_error,
    mean_squared_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
)

rng = np.random.default_rng(20260127)


def nullable(a):
    return [None if (isinstance(x, float) and math.isnan(x)) else x for x in a.tolist()]


def statuses(n):
    u = rng.random(n)
    s = np.ones(n, dtype=int)
    s[u < 0.06] = 2
    s[u < 0.04] = 3
    s[u < 0.02] = 0
    return s


def latencies(status):
    lat = np.round(20 * np.exp(0.5 * rng.standard_normal(len(status))), 3)
    lat[rng.random(len(status)) < 0.03] = np.nan
    lat[status != 1] = np.where(status[status != 1] == 3, 5000.0, np.nan)
    return lat


def latency_summary(status, lat):
    ok = lat[(status == 1) & ~np.isnan(lat)]
    calls = int(np.sum(status != 0))
    p50, p95, p99 = np.percentile(ok, [50, 95, 99])
    return {
        "n": int(len(ok)),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "mean": float(np.mean(ok)),
        "calls": calls,
        "errorRate": float(np.sum(status == 2) / calls),
        "timeoutRate": float(np.sum(status == 3) / calls),
    }


def ece15(y, p):
    edges = np.arange(16) / 15
    bins = np.clip(np.searchsorted(edges, p, side="left") - 1, 0, 14)
    total = 0.0
    for b in range(15):
        mask = bins == b
        if mask.any():
            total += mask.sum() / len(p) * abs(y[mask].mean() - p[mask].mean())
    return float(total)


def times(n, labelled):
    event = 1.7e12 + np.cumsum(rng.integers(1000, 120000, n)).astype(float)
    lag = rng.integers(60_000, 86_400_000, n).astype(float)
    label = np.where(labelled, event + lag, np.nan)
    now = float(event[-1] + 3_600_000)
    lags = (label - event)[labelled]
    return event, label, now, float(np.median(lags))


def binary_case():
    n = 800
    z = 1.3 * rng.standard_normal(n)
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(float)
    labelled = rng.random(n) < 0.6
    labels = np.where(labelled, y, np.nan)
    event, label_time, now, median_lag = times(n, labelled)
    versions = []
    for j, noise in enumerate([1.0, 0.6]):
        scores = 1 / (1 + np.exp(-(z + noise * rng.standard_normal(n))))
        scores[rng.random(n) < 0.05] = 0.5  # exact threshold ties
        status = statuses(n)
        ref_z = 1.3 * rng.standard_normal(300)
        ref_scores = 1 / (1 + np.exp(-(ref_z + noise * rng.standard_normal(300))))
        ref_labels = (rng.random(300) < 1 / (1 + np.exp(-ref_z))).astype(float)
        versions.append((j, scores, status, latencies(status), ref_scores, ref_labels))
    matched = np.all([v[2] == 1 for v in versions], axis=0)
    lab = matched & labelled
    out_versions = []
    for j, scores, status, lat, ref_scores, ref_labels in versions:
        yy, ss = y[lab], scores[lab]
        pred = (ss >= 0.5).astype(float)
        ks = ks_2samp(ref_scores, scores[matched])
        out_versions.append(
            {
                "modelVersionId": "champion" if j == 0 else "challenger",
                "role": "champion" if j == 0 else "challenger",
                "predictions": scores.tolist(),
                "status": status.tolist(),
                "latencyMs": nullable(lat),
                "reference": {"predictions": ref_scores.tolist(), "labels": ref_labels.tolist()},
                "expected": {
                    "metrics": {
                        "roc_auc": roc_auc_score(yy, ss),
                        "average_precision": average_precision_score(yy, ss),
                        "accuracy": accuracy_score(yy, pred),
                        "precision": precision_score(yy, pred, zero_division=0),
                        "recall": recall_score(yy, pred, zero_division=0),
                        "f1": f1_score(yy, pred, zero_division=0),
                        "brier_score": brier_score_loss(yy, ss),
                        "log_loss": log_loss(yy, ss, labels=[0, 1]),
                        "ece": ece15(yy, ss),
                    },
                    "latency": latency_summary(status, lat),
                    "referenceKs": {"statistic": float(ks.statistic), "pValue": float(ks.pvalue)},
                },
            }
        )
    a, b = versions[0][1][matched], versions[1][1][matched]
    ks = ks_2samp(a, b)
    ya = y[lab]
    right_a = ((versions[0][1][lab] >= 0.5).astype(float) == ya)
    right_b = ((versions[1][1][lab] >= 0.5).astype(float) == ya)
    only_a = int(np.sum(right_a & ~right_b))
    only_b = int(np.sum(~right_a & right_b))
    k = min(only_a, only_b)
    return {
        "task": "binary_classification",
        "eventTimeMs": event.tolist(),
        "labels": nullable(labels),
        "labelTimeMs": nullable(label_time),
        "nowMs": now,
        "versions": out_versions,
        "expected": {
            "matched": int(matched.sum()),
            "labelled": int(lab.sum()),
            "agreement": float(np.mean((a >= 0.5) == (b >= 0.5))),
            "challengerKs": {"statistic": float(ks.statistic), "pValue": float(ks.pvalue)},
            "mcnemarPValue": float(min(1.0, 2 * binom.cdf(k, only_a + only_b, 0.5))),
            "medianLabelLagMs": median_lag,
        },
    }


def multiclass_case():
    n, k = 400, 3
    logits = rng.standard_normal((n, k))
    p_true = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y = np.array([rng.choice(k, p=row) for row in p_true])
    labelled = rng.random(n) < 0.7
    labels = np.where(labelled, y, -1)
    event, label_time, now, median_lag = times(n, labelled)
    versions = []
    for j, noise in enumerate([1.0, 0.5]):
        noisy = logits + noise * rng.standard_normal((n, k))
        probs = np.exp(noisy) / np.exp(noisy).sum(axis=1, keepdims=True)
        status = statuses(n)
        versions.append((j, probs, status, latencies(status)))
    matched = np.all([v[2] == 1 for v in versions], axis=0)
    lab = matched & labelled
    out_versions = []
    for j, probs, status, lat in versions:
        yy, pp = y[lab], probs[lab]
        onehot = np.eye(k)[yy]
        out_versions.append(
            {
                "modelVersionId": "champion" if j == 0 else "challenger",
                "role": "champion" if j == 0 else "challenger",
                "predictions": probs.reshape(-1).tolist(),
                "status": status.tolist(),
                "latencyMs": nullable(lat),
                "expected": {
                    "metrics": {
                        "accuracy": accuracy_score(yy, pp.argmax(axis=1)),
                        "macro_f1": f1_score(yy, pp.argmax(axis=1), average="macro", labels=list(range(k))),
                        "log_loss": log_loss(yy, pp, labels=list(range(k))),
                        "brier_score": float(np.mean(np.sum((pp - onehot) ** 2, axis=1))),
                    },
                    "latency": latency_summary(status, lat),
                },
            }
        )
    a, b = versions[0][1][matched].argmax(axis=1), versions[1][1][matched].argmax(axis=1)
    return {
        "task": "multiclass_classification",
        "classes": ["a", "b", "c"],
        "eventTimeMs": event.tolist(),
        "labels": labels.tolist(),
        "labelTimeMs": nullable(label_time),
        "nowMs": now,
        "versions": out_versions,
        "expected": {
            "matched": int(matched.sum()),
            "labelled": int(lab.sum()),
            "agreement": float(np.mean(a == b)),
            "medianLabelLagMs": median_lag,
        },
    }


def regression_case():
    n = 500
    x = rng.standard_normal(n)
    y = 3 * x + rng.standard_normal(n) + 10
    labelled = rng.random(n) < 0.5
    labels = np.where(labelled, y, np.nan)
    event, label_time, now, median_lag = times(n, labelled)
    versions = []
    for j, noise in enumerate([1.5, 1.0]):
        pred = 3 * x + 10 + noise * rng.standard_normal(n)
        status = statuses(n)
        versions.append((j, pred, status, latencies(status)))
    matched = np.all([v[2] == 1 for v in versions], axis=0)
    lab = matched & labelled
    out_versions = []
    ref_labels = 3 * rng.standard_normal(200) + 10
    for j, pred, status, lat in versions:
        yy, pp = y[lab], pred[lab]
        out_versions.append(
            {
                "modelVersionId": "champion" if j == 0 else "challenger",
                "role": "champion" if j == 0 else "challenger",
                "predictions": pred.tolist(),
                "status": status.tolist(),
                "latencyMs": nullable(lat),
                "reference": {"predictions": (ref_labels + rng.standard_normal(200)).tolist(), "labels": ref_labels.tolist()},
                "expected": {
                    "metrics": {
                        "mae": mean_absolute_error(yy, pp),
                        "rmse": math.sqrt(mean_squared_error(yy, pp)),
                        "r2": r2_score(yy, pp),
                    },
                    "latency": latency_summary(status, lat),
                },
            }
        )
    a, b = versions[0][1][matched], versions[1][1][matched]
    return {
        "task": "regression",
        "eventTimeMs": event.tolist(),
        "labels": nullable(labels),
        "labelTimeMs": nullable(label_time),
        "nowMs": now,
        "versions": out_versions,
        "expected": {
            "matched": int(matched.sum()),
            "labelled": int(lab.sum()),
            "meanAbsoluteDifference": float(np.mean(np.abs(a - b))),
            "correlation": float(pearsonr(a, b).statistic),
            "medianLabelLagMs": median_lag,
        },
    }


out = {
    "sklearn": sklearn.__version__,
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "cases": [binary_case(), multiclass_case(), regression_case()],
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shadow.golden.json")
with open(path, "w") as f:
    json.dump(out, f, allow_nan=False)
    f.write("\n")
