"""Golden vectors for fit-logistic-regression.ts, from Debian 12's scikit-learn 1.2.1.

Run from anywhere with Debian's interpreter (the pyenv `python3` on PATH has no sklearn):

    /usr/bin/python3 packages/core/src/models/golden/generate.py

Writes, next to this script:
- seattle-rain-train.csv: the demo seed's "rain tomorrow" features for Seattle, training
  period only (rows whose label day is before 2014-01-01), rebuilt here independently
  from vega-datasets' weather.csv so the TypeScript seed's feature code can be checked too;
- logistic-regression.json: per case, StandardScaler mean/scale and the coefficients,
  intercept and probabilities of LogisticRegression(C=1.0) on the standardised features,
  once solved exactly (newton-cg, tol=1e-8) and once with sklearn's defaults (lbfgs), with
  the objective and gradient each reaches, to show how far short of the optimum lbfgs stops.
"""

import csv
import datetime as dt
import json
import math
import pathlib
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

HERE = pathlib.Path(__file__).resolve().parent
CUTOFF = dt.date(2014, 1, 1)
WEATHER_KINDS = ["drizzle", "fog", "rain", "snow", "sun"]
FEATURES = [
    "precipitation",
    "temp_max",
    "temp_min",
    "wind",
    "rain_today",
    *[f"weather_{k}" for k in WEATHER_KINDS],
    "season_sin",
    "season_cos",
]
PROBABILITY_ROWS = [0, 1, 2, 3, 4, 50, 100, 200]


def repo_root() -> pathlib.Path:
    d = HERE
    while not (d / "turbo.json").exists():
        d = d.parent
    return d


def seattle_rain_rows():
    path = repo_root() / "node_modules" / "vega-datasets" / "data" / "weather.csv"
    with path.open(newline="") as f:
        days = [r for r in csv.DictReader(f) if r["location"] == "Seattle"]
    days.sort(key=lambda r: r["date"])
    rows = []
    for today, tomorrow in zip(days, days[1:]):
        date = dt.date.fromisoformat(today["date"])
        if dt.date.fromisoformat(tomorrow["date"]) != date + dt.timedelta(days=1):
            continue
        precipitation = float(today["precipitation"])
        year_days = 366 if (date.year % 4 == 0 and date.year % 100 != 0) or date.year % 400 == 0 else 365
        angle = 2 * math.pi * (date.timetuple().tm_yday - 1) / year_days
        features = [
            precipitation,
            float(today["temp_max"]),
            float(today["temp_min"]),
            float(today["wind"]),
            1.0 if precipitation > 0 else 0.0,
            *[1.0 if today["weather"] == k else 0.0 for k in WEATHER_KINDS],
            round(math.sin(angle), 6),
            round(math.cos(angle), 6),
        ]
        label = 1 if float(tomorrow["precipitation"]) > 0 else 0
        rows.append((today["date"], date, features, label))
    return rows


def objective(xs: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple:
    """0.5·‖w‖² + C·Σ log-loss (C = 1) and the largest component of its gradient."""
    z = xs @ w + b
    r = 1 / (1 + np.exp(-z)) - y
    return float(0.5 * w @ w + np.sum(np.logaddexp(0, z) - y * z)), float(np.abs(np.r_[r.sum(), w + xs.T @ r]).max())


def summary(model: LogisticRegression, xs: np.ndarray, y: np.ndarray) -> dict:
    w, b = model.coef_[0], float(model.intercept_[0])
    value, gradient = objective(xs, y, w, b)
    return {
        "solver": model.solver,
        "tol": model.tol,
        "iterations": int(model.n_iter_[0]),
        "coefficients": w.tolist(),
        "intercept": b,
        "objective": value,
        "gradientMaxAbs": gradient,
    }


def fit(x: np.ndarray, y: np.ndarray) -> dict:
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    # sklearn's default solver, lbfgs, stops on scipy's ftol (64·eps on the objective) well
    # before the gradient vanishes; newton-cg with a tight tol reaches the optimum itself.
    # Both minimise the same objective, so the exact one is the reference to compare with.
    exact = LogisticRegression(C=1.0, solver="newton-cg", tol=1e-8, max_iter=1000).fit(xs, y)
    default = LogisticRegression(C=1.0).fit(xs, y)
    rows = [i for i in PROBABILITY_ROWS if i < len(y)]
    return {
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "exact": {
            **summary(exact, xs, y),
            "probabilityRows": rows,
            "probabilities": exact.predict_proba(xs[rows])[:, 1].tolist(),
        },
        "lbfgsDefault": summary(default, xs, y),
    }


def main() -> None:
    rows = [r for r in seattle_rain_rows() if r[1] + dt.timedelta(days=1) < CUTOFF]
    with (HERE / "seattle-rain-train.csv").open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["date", *FEATURES, "rain_tomorrow"])
        for date, _, features, label in rows:
            w.writerow([date, *[repr(v) if v != int(v) else str(int(v)) for v in features], label])
    seattle_x = np.array([r[2] for r in rows])
    seattle_y = np.array([r[3] for r in rows])

    # A synthetic case with features on very different scales and a constant column
    # (StandardScaler leaves its scale at 1), labels drawn from a known logistic model.
    rng = np.random.RandomState(20240601)
    n = 300
    synthetic_x = np.column_stack(
        [
            rng.normal(0, 1, n),
            rng.normal(50, 10, n),
            rng.exponential(0.01, n),
            rng.binomial(1, 0.3, n).astype(float),
            np.full(n, 3.0),
        ]
    )
    z = 0.4 + 1.5 * synthetic_x[:, 0] - 0.08 * (synthetic_x[:, 1] - 50) + 60 * synthetic_x[:, 2] - synthetic_x[:, 3]
    synthetic_y = (rng.uniform(size=n) < 1 / (1 + np.exp(-z))).astype(int)

    golden = {
        "generator": f"packages/core/src/models/golden/generate.py (scikit-learn {sklearn.__version__}, numpy {np.__version__})",
        "cases": [
            {"name": "seattle-rain-train", "csv": "seattle-rain-train.csv", **fit(seattle_x, seattle_y)},
            {
                "name": "synthetic",
                "features": synthetic_x.T.tolist(),
                "labels": synthetic_y.tolist(),
                **fit(synthetic_x, synthetic_y),
            },
        ],
    }
    (HERE / "logistic-regression.json").write_text(json.dumps(golden, indent=1) + "\n")
    print(f"wrote {len(rows)} Seattle training rows and {len(golden['cases'])} cases")


if __name__ == "__main__":
    warnings.simplefilter("error", ConvergenceWarning)
    main()
