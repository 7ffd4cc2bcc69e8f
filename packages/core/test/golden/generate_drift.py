#!/usr/bin/python3
"""Golden vectors for Fieldtest's drift area (packages/core/src/drift/).

Run with Debian 12's interpreter, whose scipy 1.10.1 and numpy are the references named
in DESIGN.md ("Evaluation semantics") and STATISTICS.md §2-3:

    /usr/bin/python3 packages/core/test/golden/generate_drift.py

Writes drift.json next to this file. References, per section:
- ks: scipy.stats.ks_2samp(ref, cur) (default method='auto'), statistic, p-value and the
  method scipy used, over sizes that reach every branch: exact n1 = n2, exact n1 != n2,
  asymptotic (max n > 10000) in each branch of kstwo.sf; small and large D; ties.
- kstwo: scipy.stats.kstwo.sf(x, n) on a grid that reaches every branch of
  `_ksstats._kolmogn` (Ruben-Gambino, 2*smirnov, Durbin/Pomeranz, Pelz-Good, the
  n > 1e6 Smirnov approximation). Points where scipy's Durbin matrix power overflows
  (numpy RuntimeWarning, kstwo.sf returns 0 or nan) go to `kstwoScipyOverflow` with the
  Pelz-Good value instead: Fieldtest rescales that product and does not share the bug.
- wasserstein: scipy.stats.wasserstein_distance(ref, cur).
- psi: DESIGN.md's definition written with numpy: edges = np.quantile(ref,
  np.arange(1, 10) / 10) ('linear'), bin = np.searchsorted(edges, x, side='right'),
  proportions = bincount / n, floored with np.maximum(p, 1e-6) (not renormalised),
  PSI = sum((c - r) * log(c / r)); JS = scipy.spatial.distance.jensenshannon(r, c, base=2)
  on the unfloored proportions.
- chi2: scipy.stats.chi2_contingency(table) defaults (Yates only when dof = 1; dof 0;
  a zero expected count raises).
- categorical: chi2_contingency of the 2 x K table (reference, current) x sorted categories,
  PSI and JS over the categories as above (unseen category -> 0, floored to 1e-6 for PSI).
- jensenshannon: scipy.spatial.distance.jensenshannon(p, q, base=2).
- spot: the spot vectors of STATISTICS.md.

Large samples are not stored: a `sample` spec {seed, n, kind, scale, shift, levels,
missingEvery} is expanded by both this script and the test with Fieldtest's PRNG
(generate_rng.py's xoshiro128**; IEEE-exact operations only):
  u_i = next_float();  uniform: x = u*scale + shift;  grid: x = floor(u*levels)*scale + shift;
  with missingEvery = m > 0, rows i % m == m - 1 are NaN (missing) and left out here.
"""

import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.spatial.distance
import scipy.stats
from scipy.stats import _ksstats

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from generate_rng import Xoshiro128ss  # noqa: E402

OUT = os.path.join(HERE, "drift.json")
QUANTILE_LEVELS = np.arange(1, 10) / 10
PSI_FLOOR = 1e-6


# ---------------------------------------------------------------- samples
def sample(seed, n, kind="uniform", scale=1.0, shift=0.0, levels=0, missing_every=0):
    return {"seed": seed, "n": n, "kind": kind, "scale": scale, "shift": shift, "levels": levels,
            "missingEvery": missing_every}


def expand(spec):
    """Values of a sample spec, NaN where missing (the same arithmetic as the TS test)."""
    rng = Xoshiro128ss(spec["seed"])
    out = np.empty(spec["n"], dtype=np.float64)
    for i in range(spec["n"]):
        u = rng.next_float()
        if spec["kind"] == "uniform":
            x = u * spec["scale"] + spec["shift"]
        else:
            x = math.floor(u * spec["levels"]) * spec["scale"] + spec["shift"]
        m = spec["missingEvery"]
        out[i] = math.nan if m > 0 and i % m == m - 1 else x
    return out


def present(x):
    return x[~np.isnan(x)]


def data_of(d):
    """A case's data is either a literal list or a sample spec."""
    return np.asarray(d, dtype=np.float64) if isinstance(d, list) else expand(d)


# ---------------------------------------------------------------- kstwo branches (documentation and coverage)
def kstwo_branch(x, n):
    if x >= 1:
        return "x>=1"
    if x <= 0:
        return "x<=0"
    t = n * x
    if t <= 1:
        return "t<=0.5" if t <= 0.5 else "ruben-gambino t<=1"
    if t >= n - 1:
        return "t>=n-1"
    if x >= 0.5:
        return "x>=0.5 smirnov"
    nx2 = t * x
    if n <= 140:
        if nx2 <= 0.754693:
            return "n<=140 durbin"
        if nx2 <= 4:
            return "n<=140 pomeranz"
        return "n<=140 smirnov"
    if nx2 >= 370:
        return "nx2>=370 zero"
    if nx2 >= 2.2:
        return "smirnov n>1e6 approx" if n > 1_000_000 else "smirnov"
    if n <= 100000 and n * x ** 1.5 <= 1.4:
        return "durbin"
    return "pelz-good"


def checked(fn, *args):
    """Calls fn, reporting whether numpy warned (overflow / invalid) on the way."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = fn(*args)
    return value, any(issubclass(w.category, RuntimeWarning) for w in caught)


# ---------------------------------------------------------------- ks_2samp
def ks_cases():
    cases = []

    def add(name, ref, cur):
        r = present(data_of(ref))
        c = present(data_of(cur))
        res, warned = checked(scipy.stats.ks_2samp, r, c)
        n1, n2 = len(r), len(c)
        method = "exact" if max(n1, n2) <= 10000 else "asymp"
        m, n = max(n1, n2), min(n1, n2)
        n_e = int(np.round(m * n / (m + n)))
        branch = kstwo_branch(float(res.statistic), n_e) if method == "asymp" else (
            "exact n1=n2" if n1 == n2 else "exact n1!=n2")
        assert not warned, name
        cases.append({"name": name, "reference": ref, "current": cur, "statistic": float(res.statistic),
                      "pValue": float(res.pvalue), "method": method, "branch": branch})

    u = lambda seed, n, **kw: sample(seed, n, **kw)  # noqa: E731
    # Exact, n1 = n2: small and large D, ties.
    add("exact equal n=1", [0.5], [0.25])
    add("exact equal n=5 identical", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5])
    add("exact equal n=20 spot", list(range(20)), [i + 5.5 for i in range(20)])
    add("exact equal n=50 null", u(1, 50), u(2, 50))
    add("exact equal n=50 shifted", u(3, 50), u(4, 50, shift=0.4))
    add("exact equal n=50 disjoint", u(5, 50), u(6, 50, shift=2.0))
    add("exact equal n=200 ties", u(7, 200, kind="grid", levels=6), u(8, 200, kind="grid", levels=6, shift=0.0))
    add("exact equal n=1000 small shift", u(9, 1000), u(10, 1000, shift=0.05))
    add("exact equal n=3000 ties", u(11, 3000, kind="grid", levels=40), u(12, 3000, kind="grid", levels=41))
    add("exact equal n=10000 null", u(13, 10000), u(14, 10000))
    add("exact equal n=10000 shift", u(15, 10000), u(16, 10000, shift=0.03))
    # Exact, n1 != n2 (coprime and with a common divisor).
    add("exact unequal spot 5x6", [1, 2, 3, 4, 5], [2.5, 3.5, 6, 7, 8, 9])
    add("exact unequal 1x7", [0.3], u(17, 7))
    add("exact unequal 37x53 null", u(18, 37), u(19, 53))
    add("exact unequal 37x53 shift", u(20, 37), u(21, 53, shift=0.5))
    add("exact unequal 100x250 ties", u(22, 100, kind="grid", levels=5), u(23, 250, kind="grid", levels=5))
    add("exact unequal 100x250 scale", u(24, 100), u(25, 250, scale=1.6, shift=-0.3))
    add("exact unequal 999x1000", u(26, 999), u(27, 1000, shift=0.02))
    add("exact unequal 3000x4500 null", u(28, 3000), u(29, 4500))
    add("exact unequal 3000x4500 large D", u(30, 3000), u(31, 4500, shift=0.7))
    add("exact unequal 10000x9999", u(32, 10000), u(33, 9999, shift=0.01))
    add("exact unequal 2x10000 missing", u(34, 3, missing_every=3), u(35, 10000))
    # Asymptotic: max(n1, n2) > 10000, every branch of kstwo.sf at n_e.
    ref_big = u(40, 10001)
    ref_sorted = np.sort(expand(ref_big))
    # The current side picks reference quantiles, so D is about offset/50.
    add("asymp n_e=50 t<=0.5", ref_big, [float(ref_sorted[int((k + 0.5) * 10001 / 50)]) for k in range(50)])
    add("asymp n_e=50 ruben-gambino", ref_big, [float(ref_sorted[int((k + 0.8) * 10001 / 50)]) for k in range(50)])
    add("asymp n_e=50 t>=n-1", ref_big, [-1.0] + [2.0 + k / 64 for k in range(49)])
    add("asymp n_e=50 durbin", u(42, 10001), u(43, 50))
    add("asymp n_e=50 pomeranz", u(44, 10001), u(45, 50, shift=0.2))
    add("asymp n_e=50 smirnov", u(46, 10001), u(47, 50, shift=0.35))
    add("asymp n_e=50 x>=0.5", u(48, 10001), u(49, 50, shift=0.6))
    add("asymp n_e=50 disjoint", u(52, 10001), u(53, 50, shift=1.5))
    add("asymp n_e=6667 null pelz-good", u(54, 12000), u(55, 15000))
    add("asymp n_e=6667 smirnov", u(56, 12000), u(57, 15000, shift=0.03))
    add("asymp n_e=6667 zero", u(58, 12000), u(59, 15000, shift=0.4))
    add("asymp n_e=6667 ties", u(60, 12000, kind="grid", levels=20), u(61, 15000, kind="grid", levels=20))
    add("asymp n_e=10000 durbin", u(62, 20000), u(62, 20000, shift=0.001))
    add("asymp n_e=10000.5 rounds to even", u(63, 20001), u(64, 20001))
    add("asymp n_e=100001 pelz-good", u(65, 200002), u(66, 200002))
    add("asymp with missing", u(67, 15000, missing_every=7), u(68, 12000, missing_every=100, shift=0.01))
    return cases


def durbin_nearby(n):
    """An x in the Durbin branch for n > 140 (n * x^1.5 <= 1.4 and nx^2 < 2.2), with nx > 1."""
    return 0.9 * (1.4 / n) ** (2 / 3)


def kstwo_cases():
    grid, overflow = [], []
    points = []
    for n in (1, 2, 3, 5, 10, 50, 139, 140, 141, 500, 1000, 6667, 65535, 65536, 100000, 100001, 250000,
              1_000_000, 1_000_001, 2_500_000):
        xs = {0.0, 1.0, 0.4 / n, 0.75 / n, 1.0 / n, 1 - 1.0 / n, 1 - 0.5 / n, 0.5, 0.7, 0.95}
        for nx2 in (0.3, 0.754, 0.76, 1.0, 2.0, 2.19, 2.21, 3.0, 4.0, 4.1, 10.0, 100.0, 360.0, 380.0):
            xs.add(math.sqrt(nx2 / n))
        if n > 140:
            xs.add(durbin_nearby(n))
            xs.add((1.5 / n) ** (2 / 3))
        points += [(x, n) for x in sorted(xs) if 0.0 <= x <= 1.0]
    points += [(0.02, 2000), (0.003, 65535), (0.0029, 65535), (3e-4, 65535), (5e-4, 131071)]
    for x, n in points:
        value, warned = checked(scipy.stats.kstwo.sf, x, n)
        value = float(value)
        entry = {"x": x, "n": n, "sf": value, "branch": kstwo_branch(x, n)}
        if warned or math.isnan(value):
            entry["sf"] = 1.0 - float(_ksstats._kolmogn_PelzGood(n, x, cdf=True))
            entry["scipy"] = None if math.isnan(value) else value
            overflow.append(entry)
        else:
            grid.append(entry)
    return grid, overflow


# ---------------------------------------------------------------- wasserstein, PSI / JS
def wasserstein_cases():
    cases = []

    def add(name, ref, cur):
        r, c = present(data_of(ref)), present(data_of(cur))
        cases.append({"name": name, "reference": ref, "current": cur,
                      "distance": float(scipy.stats.wasserstein_distance(r, c))})

    add("spot", [0, 1, 3], [5, 6, 8])
    add("one value each", [2.0], [-1.5])
    add("identical", [1, 2, 2, 3], [1, 2, 2, 3])
    add("ties and negatives", [-3, -3, 0, 0, 0, 2.5, 7], [-1, 0, 0, 4, 4, 4])
    add("uniform shift", sample(70, 500), sample(71, 800, shift=0.25))
    add("grid ties", sample(72, 3000, kind="grid", levels=7, scale=0.5), sample(73, 2000, kind="grid", levels=9))
    add("wide range", sample(74, 1000, scale=1e6, shift=-5e5), sample(75, 999, scale=2e6))
    add("large n with missing", sample(76, 100000, missing_every=9), sample(77, 150000, shift=0.001))
    return cases


def psi_numpy(r, c):
    edges = np.quantile(r, QUANTILE_LEVELS)
    rp = np.bincount(np.searchsorted(edges, r, side="right"), minlength=10) / r.size
    cp = np.bincount(np.searchsorted(edges, c, side="right"), minlength=10) / c.size
    rf, cf = np.maximum(rp, PSI_FLOOR), np.maximum(cp, PSI_FLOOR)
    return edges, rp, cp, float(np.sum((cf - rf) * np.log(cf / rf))), float(
        scipy.spatial.distance.jensenshannon(rp, cp, base=2))


def psi_cases():
    cases = []

    def add(name, ref, cur):
        r, c = present(data_of(ref)), present(data_of(cur))
        edges, rp, cp, psi, js = psi_numpy(r, c)
        cases.append({"name": name, "reference": ref, "current": cur, "edges": [float(e) for e in edges],
                      "referenceProportions": [float(v) for v in rp], "currentProportions": [float(v) for v in cp],
                      "psi": psi, "js": js})

    add("one reference value", [3.0], [1, 3, 5])
    add("tiny", [1, 2, 3, 4, 5, 6, 7], [0, 2, 2, 9])
    add("values on the edges", list(range(11)), list(range(11)))
    add("identical", sample(80, 1000), sample(80, 1000))
    add("null", sample(81, 2000), sample(82, 3000))
    add("shift leaves bins empty", sample(83, 5000), sample(84, 5000, shift=0.5))
    add("disjoint", sample(85, 500), sample(86, 500, shift=3.0))
    add("ties repeat edges", sample(87, 4000, kind="grid", levels=4), sample(88, 4000, kind="grid", levels=5))
    add("constant reference", sample(89, 100, scale=0.0, shift=2.0), sample(90, 100, kind="grid", levels=3, shift=1))
    add("n=12 lerp both halves", [0.5, 1.5, 2, 3.25, 4, 4, 5.5, 6, 7.75, 8, 9, 10.5], [1, 4, 4, 9, 11])
    add("large with missing", sample(91, 200000, missing_every=13), sample(92, 150000, scale=1.1, shift=-0.02))
    return cases


# ---------------------------------------------------------------- chi-square, categorical, JS vectors
def chi2_cases():
    cases = []
    for name, table in [
        ("spot dof 2", [[10, 10, 20], [20, 20, 20]]),
        ("spot Yates", [[12, 5], [7, 9]]),
        ("Yates capped below one half", [[5, 5], [5, 6]]),
        ("Yates capped: cells off by 0.25", [[3, 1], [9, 3.25]]),
        ("2x2 strong association", [[120, 15], [30, 200]]),
        ("dof 0: one category", [[5], [7]]),
        ("dof 0: one row", [[3, 4, 5]]),
        ("2x5", [[18, 22, 35, 14, 11], [25, 19, 40, 7, 9]]),
        ("3x4", [[8, 12, 20, 5], [15, 9, 11, 10], [4, 6, 14, 18]]),
        ("fractional counts", [[2.5, 3.5, 7.25], [1.0, 6.75, 4.5]]),
        ("large counts, tiny p", [[50000, 52000, 48000, 70000], [51000, 50500, 47000, 50000]]),
        ("2x30", [[(i * 37) % 23 + 1 for i in range(30)], [(i * 11) % 19 + 2 for i in range(30)]]),
    ]:
        res = scipy.stats.chi2_contingency(np.asarray(table, dtype=np.float64))
        cases.append({"name": name, "observed": table, "statistic": float(res[0]), "pValue": float(res[1]),
                      "dof": int(res[2]), "expected": [[float(v) for v in row] for row in res[3]]})
    raises = []
    for name, table in [("zero column", [[0, 5], [0, 7]]), ("zero row", [[0, 0, 0], [1, 2, 3]])]:
        try:
            scipy.stats.chi2_contingency(np.asarray(table, dtype=np.float64))
        except ValueError as e:
            raises.append({"name": name, "observed": table, "error": str(e)})
        else:
            raise AssertionError(name)
    return cases, raises


def categorical_reference(ref, cur):
    r = [v for v in ref if v is not None]
    c = [v for v in cur if v is not None]
    cats = sorted(set(r) | set(c))
    rc = np.array([r.count(k) for k in cats], dtype=np.float64)
    cc = np.array([c.count(k) for k in cats], dtype=np.float64)
    res = scipy.stats.chi2_contingency(np.vstack([rc, cc]))
    rp, cp = rc / len(r), cc / len(c)
    rf, cf = np.maximum(rp, PSI_FLOOR), np.maximum(cp, PSI_FLOOR)
    return {"categories": cats, "chi2_statistic": float(res[0]), "chi2_pvalue": float(res[1]), "dof": int(res[2]),
            "psi": float(np.sum((cf - rf) * np.log(cf / rf))),
            "js_distance": float(scipy.spatial.distance.jensenshannon(rp, cp, base=2)),
            "missing": {"reference": len(ref) - len(r), "current": len(cur) - len(c)},
            "n": {"reference": len(r), "current": len(c)}}


def categorical_column(seed, n, k, skew=False, missing_every=0, prefix="c"):
    rng = Xoshiro128ss(seed)
    out = []
    for i in range(n):
        u = rng.next_float()
        v = u * u if skew else u
        out.append(None if missing_every and i % missing_every == missing_every - 1 else f"{prefix}{math.floor(v * k)}")
    return out


def categorical_cases():
    cases = []
    for name, ref, cur in [
        ("one category each side (dof 0)", ["a", "a", "a"], ["a", None, "a"]),
        ("two categories (Yates)", ["x", "y", "y", "x", "y", "y", "y", "x"], ["x", "x", "x", "y", "x", "x"]),
        ("category unseen in current", ["a", "b", "c", "a", "b", "c", "a"], ["a", "b", "a", "b", None, "a"]),
        ("category new in current", ["a", "b", "a", "b"], ["a", "b", "new", "new", "b"]),
        ("empty string is a category", ["", "", "z", None], ["", "z", "z", "z"]),
        ("uniform vs skewed", categorical_column(100, 2000, 6), categorical_column(101, 1500, 6, skew=True)),
        ("null with missing", categorical_column(102, 5000, 12, missing_every=17),
         categorical_column(103, 4000, 12, missing_every=5)),
    ]:
        cases.append({"name": name, "reference": ref, "current": cur, **categorical_reference(ref, cur)})
    return cases


def js_cases():
    out = []
    for p, q in [([0.1, 0.4, 0.5], [0.3, 0.3, 0.4]), ([1, 0, 0], [0, 1, 0]), ([1, 0], [1, 0]),
                 ([10, 20, 30, 0], [5, 5, 5, 5]), ([0.25, 0.25, 0.25, 0.25], [0.2500001, 0.2499999, 0.25, 0.25]),
                 ([1e-300, 1, 2], [3, 1e-10, 2])]:
        out.append({"p": p, "q": q, "distance": float(scipy.spatial.distance.jensenshannon(p, q, base=2))})
    return out


# ---------------------------------------------------------------- numeric drift report (all four statistics)
def numeric_report_cases():
    cases = []
    for name, ref, cur in [
        ("small with missing", [1.5, math.nan, 2.5, 3.0, 0.5, 7.0], [2.0, 2.5, math.nan, math.nan, 9.0]),
        ("exact unequal", sample(110, 800, missing_every=40), sample(111, 1200, scale=1.2, missing_every=3)),
        ("asymp", sample(112, 30000, missing_every=1000), sample(113, 25000, shift=0.01)),
        ("ties", sample(114, 5000, kind="grid", levels=8), sample(115, 6000, kind="grid", levels=8, shift=1)),
    ]:
        r_all = np.asarray(ref, dtype=np.float64) if isinstance(ref, list) else expand(ref)
        c_all = np.asarray(cur, dtype=np.float64) if isinstance(cur, list) else expand(cur)
        r, c = present(r_all), present(c_all)
        ks = scipy.stats.ks_2samp(r, c)
        _, _, _, psi, js = psi_numpy(r, c)
        enc = lambda d: [None if math.isnan(v) else v for v in d] if isinstance(d, list) else d  # noqa: E731
        cases.append({"name": name, "reference": enc(ref), "current": enc(cur), "expected": {
            "type": "numeric", "ks_statistic": float(ks.statistic), "ks_pvalue": float(ks.pvalue),
            "wasserstein": float(scipy.stats.wasserstein_distance(r, c)), "psi": psi, "js_distance": js,
            "missing": {"reference": int(r_all.size - r.size), "current": int(c_all.size - c.size)},
            "n": {"reference": int(r.size), "current": int(c.size)}}})
    return cases


def spot_vectors():
    ks1 = scipy.stats.ks_2samp([1, 2, 3, 4, 5], [2.5, 3.5, 6, 7, 8, 9])
    ks2 = scipy.stats.ks_2samp(np.arange(20.0), np.arange(20.0) + 5.5)
    c1 = scipy.stats.chi2_contingency([[10, 10, 20], [20, 20, 20]])
    c2 = scipy.stats.chi2_contingency([[12, 5], [7, 9]])
    return {
        "ks_5x6": {"statistic": float(ks1.statistic), "pValue": float(ks1.pvalue), "doc": [0.666667, 0.108225]},
        "ks_20x20": {"statistic": float(ks2.statistic), "pValue": float(ks2.pvalue), "doc": [0.3, 0.335591]},
        "wasserstein": {"value": float(scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8])), "doc": 5.0},
        "js": {"value": float(scipy.spatial.distance.jensenshannon([.1, .4, .5], [.3, .3, .4], base=2)),
               "doc": 0.216634},
        "chi2_dof2": {"statistic": float(c1[0]), "pValue": float(c1[1]), "dof": int(c1[2]), "doc": [2.777778, 0.249352]},
        "chi2_yates": {"statistic": float(c2[0]), "pValue": float(c2[1]), "dof": int(c2[2]), "doc": [1.455996, 0.227568]},
    }


def main():
    ks = ks_cases()
    kstwo, kstwo_overflow = kstwo_cases()
    chi2, chi2_raises = chi2_cases()
    out = {
        "generator": "packages/core/test/golden/generate_drift.py",
        "reference": f"scipy {scipy.__version__}, numpy {np.__version__}",
        "quantileLevels": [float(q) for q in QUANTILE_LEVELS],
        "psiFloor": PSI_FLOOR,
        "ks": ks,
        "kstwo": kstwo,
        "kstwoScipyOverflow": kstwo_overflow,
        "wasserstein": wasserstein_cases(),
        "psi": psi_cases(),
        "chi2": chi2,
        "chi2Raises": chi2_raises,
        "categorical": categorical_cases(),
        "jensenShannon": js_cases(),
        "numericReport": numeric_report_cases(),
        "spot": spot_vectors(),
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    branches = sorted({c["branch"] for c in ks})
    kstwo_branches = sorted({c["branch"] for c in kstwo})
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")
    print("ks_2samp branches:", branches)
    print("kstwo branches:", kstwo_branches)
    print("kstwo points where scipy overflows:", [(c["x"], c["n"]) for c in kstwo_overflow])


if __name__ == "__main__":
    main()
