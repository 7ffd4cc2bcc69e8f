#!/usr/bin/python3
"""Golden vectors for Fieldtest's uncertainty area (packages/core/src/uncertainty/).

Run with Debian 12's interpreter, whose scipy 1.10.1, scikit-learn 1.2.1 and statsmodels
0.13 (`apt-get install -y python3-sklearn python3-statsmodels`) are the references named in
DESIGN.md and STATISTICS.md:

    /usr/bin/python3 packages/core/test/golden/generate_uncertainty.py

Writes uncertainty.json next to this file. References, per section:
- special functions: scipy.special.gammaincc / erfc, scipy.stats.norm.ppf / sf (§0);
- DeLong: the algorithm of yandexdataschool/roc_comparison `compare_auc_delong_xu.py`
  (Sun & Xu 2014), re-implemented below with numpy (its `np.float` no longer exists in
  numpy 1.24); p from its log10 formula (§4);
- McNemar: statsmodels `mcnemar(table, exact=True)` (falls back to scipy's binomial CDF
  when statsmodels is missing) and sklearn `accuracy_score` (§5);
- Holm: statsmodels `multipletests(method="holm")` (by hand when statsmodels is missing) (§8);
- confidence sequence: the predictable plug-in empirical-Bernstein CS of STATISTICS.md §7,
  written with numpy cumulative sums in the style of confseq's predmix.py;
- sample sizes: the formulas of §11 with scipy's normal quantile;
- bootstrap: the PRNG of generate_rng.py (replicate b seeded with the b-th SplitMix64
  output of the master seed), sklearn's roc_auc_score / accuracy_score on each
  materialised resample, and numpy's default 'linear' quantile (§6).
Inputs are seeded (numpy PCG64 `default_rng`), so rerunning reproduces the file.
"""

import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.special
import scipy.stats
import sklearn
from sklearn.metrics import accuracy_score, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from generate_rng import Xoshiro128ss, splitmix64  # noqa: E402

try:
    import statsmodels
    from statsmodels.stats.contingency_tables import mcnemar as sm_mcnemar
    from statsmodels.stats.multitest import multipletests
except ImportError:  # pragma: no cover
    statsmodels = None

OUT = os.path.join(HERE, "uncertainty.json")


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64)]


def finite_or_none(v):
    v = float(v)
    return v if math.isfinite(v) else ("inf" if v > 0 else "-inf") if not math.isnan(v) else None


# ---------------------------------------------------------------- special functions
def special_cases():
    gamma = []
    for a in (0.5, 1.0, 1.5, 2.5, 7.0, 30.0, 100.0, 1000.0, 20000.0):
        for rel in (1e-3, 0.1, 0.5, 0.9, 1.0, 1.1, 2.0, 5.0):
            x = a * rel
            gamma.append({"a": a, "x": x, "q": float(scipy.special.gammaincc(a, x))})
    for a, x in ((0.5, 1e-10), (0.5, 40.0), (3.0, 0.0), (1.0, 700.0), (10.0, 50.0)):
        gamma.append({"a": a, "x": x, "q": float(scipy.special.gammaincc(a, x))})
    erfc_x = [-3.0, -1.0, -1e-8, 0.0, 1e-8, 0.1, 0.5, 1.0, 2.0, 3.5, 5.0, 10.0, 26.0]
    ppf_p = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.025, 0.05, 0.075, 0.1, 0.3, 0.5,
             0.7, 0.8, 0.9, 0.925, 0.95, 0.975, 0.99, 0.999, 1 - 1e-10]
    sf_z = [-8.0, -2.0, -0.5, 0.0, 0.3, 1.0, 1.959963984540054, 3.0, 6.0, 10.0, 30.0]
    return {
        "gammaincc": gamma,
        "erfc": [{"x": x, "value": float(scipy.special.erfc(x))} for x in erfc_x],
        "norm_ppf": [{"p": p, "value": float(scipy.stats.norm.ppf(p))} for p in ppf_p],
        "norm_sf": [{"z": z, "value": float(scipy.stats.norm.sf(z))} for z in sf_z],
    }


# ---------------------------------------------------------------- DeLong (Sun & Xu; yandexdataschool)
def compute_midrank(x):
    J = np.argsort(x)
    Z = x[J]
    N = len(x)
    T = np.zeros(N, dtype=np.float64)
    i = 0
    while i < N:
        j = i
        while j < N and Z[j] == Z[i]:
            j += 1
        T[i:j] = 0.5 * (i + j - 1)
        i = j
    T2 = np.empty(N, dtype=np.float64)
    T2[J] = T + 1
    return T2


def fast_delong(predictions_sorted_transposed, label_1_count):
    m = label_1_count
    n = predictions_sorted_transposed.shape[1] - m
    positive_examples = predictions_sorted_transposed[:, :m]
    negative_examples = predictions_sorted_transposed[:, m:]
    k = predictions_sorted_transposed.shape[0]
    tx = np.empty([k, m], dtype=np.float64)
    ty = np.empty([k, n], dtype=np.float64)
    tz = np.empty([k, m + n], dtype=np.float64)
    for r in range(k):
        tx[r, :] = compute_midrank(positive_examples[r, :])
        ty[r, :] = compute_midrank(negative_examples[r, :])
        tz[r, :] = compute_midrank(predictions_sorted_transposed[r, :])
    aucs = tz[:, :m].sum(axis=1) / m / n - float(m + 1.0) / 2.0 / n
    v01 = (tz[:, :m] - tx[:, :]) / n
    v10 = 1.0 - (tz[:, m:] - ty[:, :]) / m
    sx = np.cov(v01)
    sy = np.cov(v10)
    return aucs, sx / m + sy / n


def delong_reference(y, s1, s2):
    y = np.asarray(y, dtype=np.float64)
    order = (-y).argsort(kind="stable")
    m = int(y.sum())
    preds = np.vstack((s1, s2))[:, order]
    aucs, cov = fast_delong(preds, m)
    var = float(np.array([[1, -1]]) @ cov @ np.array([[1], [-1]]))
    diff = float(aucs[0] - aucs[1])
    degenerate = var <= 0 or abs(var) < 1e-300
    if degenerate:
        z = 0.0 if diff == 0 else math.copysign(math.inf, diff)
        p = 1.0 if diff == 0 else 0.0
    else:
        z = diff / math.sqrt(var)
        log10p = np.log10(2) + scipy.stats.norm.logsf(abs(z)) / np.log(10)
        p = float(10 ** log10p)
    return {
        "aucA": float(aucs[0]),
        "aucB": float(aucs[1]),
        "sklearnAucA": float(roc_auc_score(y, s1)),
        "sklearnAucB": float(roc_auc_score(y, s2)),
        "covariance": [[float(cov[0, 0]), float(cov[0, 1])], [float(cov[1, 0]), float(cov[1, 1])]],
        "z": finite_or_none(z),
        "pValue": p,
        "degenerate": bool(degenerate),
    }


def delong_cases(rng):
    cases = [("statistics_md_vector", [1, 1, 1, 0, 0, 0, 0, 1, 0, 1],
              [.9, .8, .4, .3, .2, .6, .1, .7, .5, .65], [.7, .9, .5, .5, .1, .4, .3, .4, .6, .8])]
    cases.append(("two_and_two", [1, 0, 1, 0], [.8, .3, .4, .5], [.6, .7, .9, .1]))
    y = (rng.random(300) < 0.4).astype(float)
    s1 = np.round(1 / (1 + np.exp(-(1.2 * (2 * y - 1) + rng.normal(size=300)))), 1)
    s2 = np.round(1 / (1 + np.exp(-(0.8 * (2 * y - 1) + rng.normal(size=300)))), 1)
    cases.append(("heavy_ties", y, s1, s2))
    y = (rng.random(2000) < 0.03).astype(float)
    y[:3] = 1
    cases.append(("imbalanced_3pct", y, y * 0.7 + rng.random(2000), y * 0.5 + rng.random(2000)))
    y = (rng.random(5000) < 0.5).astype(float)
    base = rng.normal(size=5000)
    cases.append(("correlated_n5000", y, y + base, y + 0.9 * base + 0.3 * rng.normal(size=5000)))
    y = (rng.random(400) < 0.5).astype(float)
    cases.append(("decision_scores", y, 50 * (y + rng.normal(size=400)), -1e3 + (y + rng.normal(size=400))))
    y = (rng.random(200) < 0.5).astype(float)
    s = rng.random(200)
    cases.append(("nearly_identical", y, s, np.where(np.arange(200) == 7, s + 0.5, s)))
    return [
        {"name": name, "labels": floats(y), "scoresA": floats(a), "scoresB": floats(b), **delong_reference(y, a, b)}
        for name, y, a, b in cases
    ]


def delong_degenerate_cases():
    # Var(AUC_A − AUC_B) = 0: the reference divides by zero, STATISTICS.md §4 fixes the answer.
    return [
        {"name": "identical_models", "labels": [1, 0, 1, 0, 1], "scoresA": [.9, .1, .7, .4, .3],
         "scoresB": [.9, .1, .7, .4, .3], "z": 0.0, "pValue": 1.0, "degenerate": True},
        {"name": "perfect_vs_all_tied", "labels": [1, 1, 0, 0], "scoresA": [.9, .8, .2, .1],
         "scoresB": [.5, .5, .5, .5], "z": "inf", "pValue": 0.0, "degenerate": True},
    ]


# ---------------------------------------------------------------- McNemar
def mcnemar_reference(b, c):
    if statsmodels is not None:
        return float(sm_mcnemar([[0, b], [c, 0]], exact=True).pvalue)
    return float(min(1.0, 2 * scipy.stats.binom.cdf(min(b, c), b + c, 0.5)))


def mcnemar_cases(rng):
    counts = [(3, 12), (12, 3), (0, 0), (0, 1), (5, 5), (0, 10), (7, 8), (1, 30), (40, 60), (100, 140),
              (1000, 1100), (2500, 2400), (50000, 50500), (400, 1000), (0, 2000)]
    table = [{"b": b, "c": c, "pValue": mcnemar_reference(b, c)} for b, c in counts]
    columns = []
    for name, n, threshold in (("n60", 60, 0.5), ("n1000_threshold_0.3", 1000, 0.3), ("n5000", 5000, 0.5)):
        y = (rng.random(n) < 0.4).astype(float)
        a = np.clip(0.5 + 0.35 * (2 * y - 1) + 0.3 * rng.normal(size=n), 0, 1)
        b = np.clip(0.5 + 0.30 * (2 * y - 1) + 0.3 * rng.normal(size=n), 0, 1)
        a[:3] = threshold  # exactly at the threshold: predicted positive
        pa, pb = (a >= threshold), (b >= threshold)
        ra, rb = (pa == y), (pb == y)
        only_a, only_b = int(np.sum(ra & ~rb)), int(np.sum(~ra & rb))
        columns.append({
            "name": name, "threshold": threshold, "labels": floats(y), "scoresA": floats(a), "scoresB": floats(b),
            "accuracyA": float(accuracy_score(y, pa.astype(float))),
            "accuracyB": float(accuracy_score(y, pb.astype(float))),
            "onlyACorrect": only_a, "onlyBCorrect": only_b, "pValue": mcnemar_reference(only_a, only_b),
        })
    return {"table": table, "columns": columns}


# ---------------------------------------------------------------- Holm
def holm_reference(p, alpha):
    if statsmodels is not None:
        reject, adjusted, _, _ = multipletests(p, alpha=alpha, method="holm")
        return [bool(r) for r in reject], floats(adjusted)
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p)
    ps = p[order]
    adj = np.minimum(1, np.maximum.accumulate(ps * np.arange(m, 0, -1)))
    notreject = ps > alpha / np.arange(m, 0, -1)
    k = np.nonzero(notreject)[0]
    first = m if k.size == 0 else int(k.min())
    rej_sorted = np.arange(m) < first
    reject = np.empty(m, dtype=bool)
    adjusted = np.empty(m)
    reject[order], adjusted[order] = rej_sorted, adj
    return [bool(r) for r in reject], floats(adjusted)


def holm_cases(rng):
    vectors = [
        ([0.01, 0.04, 0.03, 0.005], 0.05),
        ([0.01, 0.02, 0.03, 0.04, 0.05], 0.05),
        ([0.2, 0.5, 0.9], 0.05),
        ([0.001], 0.05),
        ([0.03, 0.03, 0.03], 0.1),
        ([0.0, 1.0, 0.5, 0.0125, 0.0125], 0.05),
        ([0.01, 0.011, 0.012, 0.5], 0.05),
        (list(rng.random(40) ** 3), 0.05),
        (list(rng.random(12) * 0.02), 0.01),
    ]
    out = []
    for p, alpha in vectors:
        reject, adjusted = holm_reference(p, alpha)
        out.append({"pValues": floats(p), "alpha": alpha, "adjusted": adjusted, "rejected": reject})
    return out


# ---------------------------------------------------------------- confidence sequence (STATISTICS.md §7)
def predmix_eb_cs(x, alpha, truncation, running_intersection):
    x = np.asarray(x, dtype=np.float64)
    t = np.arange(1, len(x) + 1)
    mu_hat_t = (0.5 + np.cumsum(x)) / (t + 1)
    mu_hat_tminus1 = np.append(0.5, mu_hat_t[:-1])
    sigma2_t = (0.25 + np.cumsum((x - mu_hat_t) ** 2)) / (t + 1)
    sigma2_tminus1 = np.append(0.25, sigma2_t[:-1])
    lambdas = np.minimum(truncation, np.sqrt(2 * np.log(2 / alpha) / (sigma2_tminus1 * t * np.log(1 + t))))
    v = 4 * (x - mu_hat_tminus1) ** 2
    psi = (-np.log(1 - lambdas) - lambdas) / 4
    center = np.cumsum(lambdas * x) / np.cumsum(lambdas)
    radius = (np.log(2 / alpha) + np.cumsum(v * psi)) / np.cumsum(lambdas)
    lower = np.maximum(center - radius, 0)
    upper = np.minimum(center + radius, 1)
    if running_intersection:
        lower = np.maximum.accumulate(lower)
        upper = np.minimum.accumulate(upper)
    return lower, upper


def cs_cases(rng):
    streams = [
        ("bernoulli_0.3", (rng.random(300) < 0.3).astype(float)),
        ("beta_2_5", rng.beta(2, 5, size=300)),
        ("all_zero", np.zeros(60)),
        ("all_one", np.ones(60)),
        ("alternating", np.tile([0.0, 1.0], 50)),
        ("uniform_n2000", rng.random(2000)),
    ]
    out = []
    for name, x in streams:
        for alpha, truncation, ri in ((0.05, 0.5, False), (0.05, 0.5, True), (0.1, 0.75, True)):
            lower, upper = predmix_eb_cs(x, alpha, truncation, ri)
            out.append({"name": name, "alpha": alpha, "truncation": truncation, "runningIntersection": ri,
                        "x": floats(x), "lower": floats(lower), "upper": floats(upper)})
    # Paired difference: Y = (ℓA − ℓB + 1)/2, Δ ∈ [2L − 1, 2U − 1].
    n = 500
    la = (rng.random(n) < 0.30).astype(float)
    lb = (rng.random(n) < 0.45).astype(float)
    lower, upper = predmix_eb_cs((la - lb + 1) / 2, 0.05, 0.5, True)
    paired = {"lossA": floats(la), "lossB": floats(lb), "alpha": 0.05,
              "lower": floats(2 * lower - 1), "upper": floats(2 * upper - 1)}
    return out, paired


# ---------------------------------------------------------------- sample sizes (§11)
def z(p):
    return float(scipy.stats.norm.ppf(p))


def mcnemar_n(p01, p10, alpha, power):
    psi, delta = p10 + p01, p10 - p01
    raw = (z(1 - alpha / 2) * math.sqrt(psi) + z(power) * math.sqrt(psi - delta ** 2)) ** 2 / delta ** 2
    return raw, math.ceil(raw)


def hanley_var(a, n_pos, n_neg):
    q1, q2 = a / (2 - a), 2 * a * a / (1 + a)
    return (a * (1 - a) + (n_pos - 1) * (q1 - a * a) + (n_neg - 1) * (q2 - a * a)) / (n_pos * n_neg)


def auc_difference_n(a1, a2, r, kappa, alpha, power):
    zz = z(1 - alpha / 2) + z(power)
    delta = abs(a1 - a2)

    def size(n_pos):
        return n_pos, max(2, math.ceil(kappa * n_pos))

    def enough(n_pos):
        _, n_neg = size(n_pos)
        v1, v2 = hanley_var(a1, n_pos, n_neg), hanley_var(a2, n_pos, n_neg)
        return zz * math.sqrt(max(0.0, v1 + v2 - 2 * r * math.sqrt(v1 * v2))) <= delta

    # Linear scan from 2: the reference needs no search strategy to be right.
    n_pos = 2
    while not enough(n_pos):
        n_pos += 1
    return size(n_pos)


def sample_size_cases():
    mcn = []
    for p01, p10, alpha, power in ((.45, .05, .05, .8), (.10, .05, .05, .8), (.02, .06, .01, .9), (.2, .25, .05, .8)):
        raw, n = mcnemar_n(p01, p10, alpha, power)
        mcn.append({"p01": p01, "p10": p10, "alpha": alpha, "power": power, "unrounded": raw, "n": n})
    hanley = [{"auc": a, "nPositive": p, "nNegative": q, "se": math.sqrt(hanley_var(a, p, q))}
              for a, p, q in ((.8, 50, 50), (.5, 10, 30), (.95, 200, 1000), (.7, 1, 1), (1.0, 20, 20))]
    diff = []
    for a1, a2, r, kappa, alpha, power in ((.8, .75, 0, 1, .05, .8), (.9, .85, .5, 2, .05, .9),
                                           (.7, .6, 0.3, 0.5, .01, .8), (.95, .9, 0, 1, .05, .8)):
        n_pos, n_neg = auc_difference_n(a1, a2, r, kappa, alpha, power)
        diff.append({"aucA": a1, "aucB": a2, "correlation": r, "negativesPerPositive": kappa, "alpha": alpha,
                     "power": power, "nPositive": n_pos, "nNegative": n_neg})
    return {"mcnemar": mcn, "hanleyMcNeil": hanley, "aucDifference": diff}


def pilot_case(rng):
    n = 400
    y = (rng.random(n) < 0.35).astype(float)
    base = rng.normal(size=n)
    s1, s2 = y + base, 0.8 * y + base + 0.5 * rng.normal(size=n)
    order = (-y).argsort(kind="stable")
    m = int(y.sum())
    preds = np.vstack((s1, s2))[:, order]
    k = preds.shape[0]
    nn = n - m
    tz = np.array([compute_midrank(preds[r]) for r in range(k)])
    tx = np.array([compute_midrank(preds[r, :m]) for r in range(k)])
    ty = np.array([compute_midrank(preds[r, m:]) for r in range(k)])
    v01 = (tz[:, :m] - tx) / nn
    v10 = 1.0 - (tz[:, m:] - ty) / m
    aucs = tz[:, :m].sum(axis=1) / m / nn - (m + 1) / 2 / nn
    s_pos = float(np.var(v01[0] - v01[1], ddof=1))
    s_neg = float(np.var(v10[0] - v10[1], ddof=1))
    zz = z(0.975) + z(0.8)
    out = []
    for delta, kappa in ((None, None), (0.03, 1.0)):
        d = float(aucs[0] - aucs[1]) if delta is None else delta
        kp = nn / m if kappa is None else kappa
        raw = zz ** 2 * (s_pos + s_neg / kp) / d ** 2
        n_pos = max(2, math.ceil(raw))
        out.append({"difference": delta, "negativesPerPositive": kappa, "unrounded": raw, "nPositive": n_pos,
                    "nNegative": max(2, math.ceil(kp * n_pos))})
    return {"labels": floats(y), "scoresA": floats(s1), "scoresB": floats(s2), "cases": out}


# ---------------------------------------------------------------- bootstrap (§6)
def quantile_pair(values, level):
    a = 1 - level
    lo, hi = np.quantile(np.asarray(values, dtype=np.float64), [a / 2, 1 - a / 2])
    return float(lo), float(hi)


def bootstrap_reference(y, sa, sb, metric, seed, resamples, level):
    """Replicates as core draws them; sb given → paired difference metric(sa) − metric(sb)."""
    n = len(y)
    values, redraws = [], 0
    for seed_b in splitmix64(seed, resamples):
        rng = Xoshiro128ss(seed_b)
        while True:
            idx = [rng.uniform_int(n) for _ in range(n)]
            yb = y[idx]
            if metric == "roc_auc" and yb.min() == yb.max():
                redraws += 1  # one class: roc_auc_score raises; draw again from the same stream
                continue
            if metric == "roc_auc":
                v = roc_auc_score(yb, sa[idx])
                if sb is not None:
                    v -= roc_auc_score(yb, sb[idx])
            else:
                v = accuracy_score(yb, (sa[idx] >= 0.5).astype(float))
                if sb is not None:
                    v -= accuracy_score(yb, (sb[idx] >= 0.5).astype(float))
            values.append(float(v))
            break
    lo, hi = quantile_pair(values, level)
    return {"lower": lo, "upper": hi, "redraws": redraws, "replicates": sorted(values)}


def bootstrap_cases(rng):
    out = []
    specs = [
        ("balanced_n40", 40, 0.5, "roc_auc", 7, 300, 0.95, False),
        ("rare_positives_n12", 12, 0.15, "roc_auc", 2024, 200, 0.9, False),
        ("ties_n30", 30, 0.4, "roc_auc", 1, 250, 0.95, True),
        ("accuracy_n50", 50, 0.4, "accuracy", 99, 200, 0.8, False),
        ("paired_auc_n40", 40, 0.5, "roc_auc", 5, 200, 0.95, "paired"),
        ("paired_accuracy_n40", 40, 0.5, "accuracy", 6, 200, 0.95, "paired"),
    ]
    for name, n, prevalence, metric, seed, resamples, level, variant in specs:
        y = (rng.random(n) < prevalence).astype(float)
        y[0], y[1] = 1.0, 0.0
        sa = 1 / (1 + np.exp(-(1.0 * (2 * y - 1) + rng.normal(size=n))))
        if variant is True:
            sa = np.round(sa, 1)
        sb = 1 / (1 + np.exp(-(0.5 * (2 * y - 1) + rng.normal(size=n)))) if variant == "paired" else None
        ref = bootstrap_reference(y, sa, sb, metric, seed, resamples, level)
        case = {"name": name, "metric": metric, "seed": seed, "resamples": resamples, "level": level,
                "labels": floats(y), "scores": floats(sa), **ref}
        if sb is not None:
            case["scoresB"] = floats(sb)
        out.append(case)
    return out


def main():
    rng = np.random.default_rng(20240611)
    cs, paired_cs = cs_cases(rng)
    out = {
        "generator": "packages/core/test/golden/generate_uncertainty.py",
        "reference": (f"scipy {scipy.__version__}, scikit-learn {sklearn.__version__}, numpy {np.__version__}, "
                      f"statsmodels {statsmodels.__version__ if statsmodels else 'absent (scipy/by-hand fallback)'}"),
        "special": special_cases(),
        "delong": delong_cases(rng),
        "delongDegenerate": delong_degenerate_cases(),
        "mcnemar": mcnemar_cases(rng),
        "holm": holm_cases(rng),
        "confidenceSequence": cs,
        "pairedConfidenceSequence": paired_cs,
        "sampleSize": {**sample_size_cases(), "pilot": pilot_case(rng)},
        "bootstrap": bootstrap_cases(rng),
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
