#!/usr/bin/python3
"""Reference side of `npm run bench` (packages/core/bench): scikit-learn, scipy, numpy and pandas.

Run with Debian's interpreter (apt: python3-sklearn python3-pandas python3-scipy), not the `python3` on
PATH; run-bench.ts starts it and checks the imports first. Modes:

    reference.py versions                 library versions as JSON
    reference.py serve                    JSON commands on stdin, one JSON answer per line
    reference.py memory LABELS SCORES     peak RSS of roc_auc_score over the process baseline
    reference.py csv-suite CSV THRESHOLD  read_csv + the binary metric calls, metrics as JSON

Columns come from the TypeScript side as raw little-endian float64 files (numpy.fromfile)
or as a CSV (pandas.read_csv, default options). Every timed case runs once per command, after
gc.collect(), timed with time.perf_counter (wall) and time.process_time (CPU) around exactly
the work the row names.
"""

import gc
import json
import sys
import time

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    f1_score,
    log_loss,
    matthews_corrcoef,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)

BINS = 15
EDGES = np.arange(BINS + 1, dtype=np.float64) / BINS  # DESIGN.md: bin k holds (k/15, (k+1)/15], bin 0 also 0


def ece_binary(y, p):
    """DESIGN.md's ECE, vectorised (bincount with weights) rather than a loop over bins."""
    idx = np.clip(np.searchsorted(EDGES, p, side="left") - 1, 0, BINS - 1)
    count = np.bincount(idx, minlength=BINS)
    sum_p = np.bincount(idx, weights=p, minlength=BINS)
    sum_y = np.bincount(idx, weights=y, minlength=BINS)
    nonempty = count > 0
    gap = np.abs(sum_y[nonempty] / count[nonempty] - sum_p[nonempty] / count[nonempty])
    return float(np.sum(count[nonempty] / p.size * gap))


def binary_suite(y, p, threshold):
    """The eleven binary metrics of DESIGN.md with scikit-learn (ECE with numpy: sklearn has none)."""
    pred = (p >= threshold).astype(np.int64)
    return {
        "roc_auc": float(roc_auc_score(y, p)),
        "average_precision": float(average_precision_score(y, p)),
        "log_loss": float(log_loss(y, p, labels=[0, 1])),
        "brier_score": float(brier_score_loss(y, p)),
        "ece": ece_binary(y, p),
        "accuracy": float(accuracy_score(y, pred)),
        "precision": float(precision_score(y, pred, zero_division=0)),
        "recall": float(recall_score(y, pred, zero_division=0)),
        "f1": float(f1_score(y, pred, zero_division=0)),
        "balanced_accuracy": float(balanced_accuracy_score(y, pred)),
        "mcc": float(matthews_corrcoef(y, pred)),
    }


def csv_suite(path, threshold):
    frame = pd.read_csv(path)
    return binary_suite(frame["y"].to_numpy(), frame["p"].to_numpy(), threshold)


def cost_optimal_threshold(y, s, cost_fp, cost_fn):
    """roc_curve over every distinct score, then a vectorised argmin of the expected cost.
    thresholds[0] is sklearn's "flag nothing" point; argmin takes the first (highest) of ties."""
    fpr, tpr, thresholds = roc_curve(y, s, drop_intermediate=False)
    positives = float(np.sum(y))
    negatives = y.size - positives
    cost = (cost_fp * np.rint(fpr * negatives) + cost_fn * (positives - np.rint(tpr * positives))) / y.size
    best = int(np.argmin(cost))
    threshold = float(thresholds[best]) if best > 0 else None  # None: predict every row negative
    return {"threshold": threshold, "expected_cost": float(cost[best])}


def bootstrap_sklearn_loop(y, s, calls, seed):
    """`calls` resamples of the obvious loop: draw n row indices, roc_auc_score on them."""
    rng = np.random.default_rng(seed)
    n = y.size
    values = []
    for _ in range(calls):
        idx = rng.integers(0, n, n)
        values.append(roc_auc_score(y[idx], s[idx]))
    return values


def bootstrap_numpy(y, s, resamples, seed, level=0.95, batch=50):
    """Vectorised percentile bootstrap of ROC AUC with the same O(n)-per-replicate algorithm
    as core: sort once; per replicate, the multiplicity of each row (bincount of n uniform
    draws) in score order, then AUC from tie-grouped prefix sums of negative weight."""
    n = y.size
    order = np.argsort(s, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    sorted_s = s[order]
    sorted_y = y[order]
    starts = np.flatnonzero(np.r_[True, sorted_s[1:] != sorted_s[:-1]])
    tied = starts.size < n
    rng = np.random.default_rng(seed)
    aucs = np.empty(resamples)
    for first in range(0, resamples, batch):
        b = min(batch, resamples - first)
        draws = rank[rng.integers(0, n, size=(b, n))]
        draws += (np.arange(b, dtype=np.int64) * n)[:, None]
        counts = np.bincount(draws.ravel(), minlength=b * n).reshape(b, n).astype(np.float64)
        pos = counts * sorted_y
        neg = counts - pos
        if tied:
            pos = np.add.reduceat(pos, starts, axis=1)
            neg = np.add.reduceat(neg, starts, axis=1)
        below = np.cumsum(neg, axis=1) - neg
        aucs[first : first + b] = np.sum(pos * (below + 0.5 * neg), axis=1) / (pos.sum(axis=1) * neg.sum(axis=1))
    alpha = 1 - level
    lower, upper = np.percentile(aucs, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return [float(lower), float(upper)]


def ece_top_label(y, P):
    top = P.max(axis=1)
    correct = (P.argmax(axis=1) == y).astype(np.float64)
    idx = np.clip(np.searchsorted(EDGES, top, side="left") - 1, 0, BINS - 1)
    count = np.bincount(idx, minlength=BINS)
    sum_top = np.bincount(idx, weights=top, minlength=BINS)
    sum_correct = np.bincount(idx, weights=correct, minlength=BINS)
    nonempty = count > 0
    gap = np.abs(sum_correct[nonempty] / count[nonempty] - sum_top[nonempty] / count[nonempty])
    return float(np.sum(count[nonempty] / y.size * gap))


def multiclass_suite(y, P):
    K = P.shape[1]
    pred = P.argmax(axis=1)
    onehot = np.zeros_like(P)
    onehot[np.arange(y.size), y] = 1.0
    return {
        "accuracy": float(accuracy_score(y, pred)),
        "macro_f1": float(f1_score(y, pred, average="macro", zero_division=0)),
        "log_loss": float(log_loss(y, P, labels=list(range(K)))),
        "roc_auc_ovr": float(roc_auc_score(y, P, multi_class="ovr", average="macro")),
        "ece": ece_top_label(y, P),
        "brier_score": float(np.mean(np.sum((P - onehot) ** 2, axis=1))),
    }


def regression_suite(y, p):
    return {
        "mae": float(mean_absolute_error(y, p)),
        "rmse": float(np.sqrt(mean_squared_error(y, p))),
        "r2": float(r2_score(y, p)),
        "mape": float(mean_absolute_percentage_error(y, p)),
    }


PSI_FLOOR = 1e-6
PSI_LEVELS = np.arange(1, 10, dtype=np.float64) / 10  # DESIGN.md: inner edges at the 10%…90% quantiles


def psi_bins(ref, cur):
    """DESIGN.md's PSI bins: reference quantile edges ('linear'), bin = searchsorted(edges, x, 'right')."""
    edges = np.quantile(ref, PSI_LEVELS)
    p = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10) / ref.size
    q = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=10) / cur.size
    return p, q


def psi_numpy(ref, cur):
    p, q = psi_bins(ref, cur)
    p, q = np.maximum(p, PSI_FLOOR), np.maximum(q, PSI_FLOOR)  # floored, not renormalised
    return float(np.sum((q - p) * np.log(q / p)))


def js_numpy(ref, cur):
    p, q = psi_bins(ref, cur)  # unfloored proportions
    return float(jensenshannon(p, q, base=2))


def load(files):
    columns = {key: np.fromfile(path, dtype="<f8") for key, path in files.items()}
    if "p0" in columns:  # multiclass: sklearn takes an (n, K) matrix and integer labels
        keys = sorted((k for k in columns if k.startswith("p")), key=lambda k: int(k[1:]))
        return {"labels": columns["labels"].astype(np.int64), "P": np.column_stack([columns[k] for k in keys])}
    return columns


def run_case(case, d, params):
    """Returns (value for the bench's agreement check, extra facts)."""
    if case == "roc_auc":
        return float(roc_auc_score(d["labels"], d["scores"])), {}
    if case == "average_precision":
        return float(average_precision_score(d["labels"], d["scores"])), {}
    if case == "cost_optimal_threshold":
        result = cost_optimal_threshold(d["labels"], d["scores"], params["cost_fp"], params["cost_fn"])
        return result["expected_cost"], result
    if case == "bootstrap_sklearn_loop":
        values = bootstrap_sklearn_loop(d["labels"], d["scores"], params["calls"], params["seed"])
        return float(np.mean(values)), {}
    if case == "bootstrap_numpy":
        interval = bootstrap_numpy(d["labels"], d["scores"], params["resamples"], params["seed"])
        return interval[0], {"interval": interval}
    if case == "csv_suite":
        metrics = csv_suite(params["path"], params["threshold"])
        return metrics["roc_auc"], {"metrics": metrics}
    if case == "multiclass_suite":
        metrics = multiclass_suite(d["labels"], d["P"])
        return metrics["roc_auc_ovr"], {"metrics": metrics}
    if case == "regression_suite":
        metrics = regression_suite(d["labels"], d["predictions"])
        return metrics["r2"], {"metrics": metrics}
    if case == "ks_2samp":
        result = ks_2samp(d["reference"], d["current"])
        return float(result.statistic), {"pvalue": float(result.pvalue)}
    if case == "psi":
        return psi_numpy(d["reference"], d["current"]), {}
    if case == "jensen_shannon":
        return js_numpy(d["reference"], d["current"]), {}
    raise ValueError(f"unknown case {case!r}")


def serve():
    datasets = {}
    for line in sys.stdin:
        command = json.loads(line)
        try:
            if command["op"] == "load":
                datasets[command["name"]] = load(command["files"])
                answer = {"ok": True}
            elif command["op"] == "run":
                data = datasets.get(command.get("data"))
                gc.collect()
                start, cpu_start = time.perf_counter(), time.process_time()
                value, extra = run_case(command["case"], data, command.get("params", {}))
                seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
                answer = {"ok": True, "seconds": seconds, "cpu_seconds": cpu_seconds, "value": value, "extra": extra}
            else:
                raise ValueError(f"unknown op {command['op']!r}")
        except Exception as error:  # reported to the bench, which stops with it
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)


def status_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} missing from /proc/self/status")


def memory(labels_path, scores_path):
    """Peak RSS of roc_auc_score minus the RSS just before it (inputs loaded, sklearn imported).
    The peak is the kernel's high-water mark (VmHWM), reset to the current RSS by writing 5 to
    /proc/self/clear_refs; where that is refused, the peak since process start (ru_maxrss)."""
    y = np.fromfile(labels_path, dtype="<f8")
    s = np.fromfile(scores_path, dtype="<f8")
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        method = "VmHWM after clear_refs"
    except OSError:
        method = "ru_maxrss since process start"
    baseline = status_kib("VmRSS") * 1024
    value = roc_auc_score(y, s)
    peak = status_kib("VmHWM") * 1024
    print(json.dumps({"baseline": baseline, "peak": peak, "method": method, "value": float(value)}))


def main(argv):
    mode = argv[1] if len(argv) > 1 else ""
    if mode == "versions":
        print(json.dumps({"python": sys.version.split()[0], "numpy": np.__version__, "pandas": pd.__version__,
                          "sklearn": sklearn.__version__, "scipy": scipy.__version__}))
    elif mode == "serve":
        serve()
    elif mode == "memory" and len(argv) == 4:
        memory(argv[2], argv[3])
    elif mode == "csv-suite" and len(argv) == 4:
        print(json.dumps(csv_suite(argv[2], float(argv[3]))))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
