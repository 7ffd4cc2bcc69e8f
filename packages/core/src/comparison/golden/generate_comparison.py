"""Golden vectors for packages/core/src/comparison (interval z-test).

Reference: scipy.stats.norm (Debian 12's scipy 1.10.1), float64.
se = (upper - lower) / (2 * norm.ppf((1 + level) / 2)); z = (a - b) / sqrt(se_a^2 + se_b^2);
p = 2 * norm.sf(|z|).
Regenerate with: /usr/bin/python3 packages/core/src/comparison/golden/generate_comparison.py
"""
import json
import math
import os

import scipy
from scipy.stats import norm

CASES = [
    ("equal-width", (0.80, 0.76, 0.84, 0.95), (0.75, 0.71, 0.79, 0.95)),
    ("asymmetric-levels", (0.912, 0.90, 0.93, 0.90), (0.887, 0.86, 0.91, 0.99)),
    ("tiny-difference", (0.5001, 0.45, 0.55, 0.95), (0.5, 0.45, 0.55, 0.95)),
    ("far-tail", (0.99, 0.985, 0.995, 0.95), (0.70, 0.69, 0.71, 0.95)),
    ("loss-metric", (0.35, 0.31, 0.40, 0.95), (0.52, 0.47, 0.58, 0.95)),
    ("negative-values", (-0.1, -0.3, 0.1, 0.8), (0.2, 0.05, 0.35, 0.8)),
]


def se(lower, upper, level):
    return (upper - lower) / (2 * norm.ppf((1 + level) / 2))


out = {"scipy": scipy.__version__, "cases": []}
for name, a, b in CASES:
    sa = se(a[1], a[2], a[3])
    sb = se(b[1], b[2], b[3])
    s = math.sqrt(sa * sa + sb * sb)
    z = (a[0] - b[0]) / s
    out["cases"].append(
        {
            "name": name,
            "a": {"value": a[0], "lower": a[1], "upper": a[2], "level": a[3]},
            "b": {"value": b[0], "lower": b[1], "upper": b[2], "level": b[3]},
            "seA": sa,
            "seB": sb,
            "z": z,
            "pValue": float(2 * norm.sf(abs(z))),
        }
    )

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "comparison.golden.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
