"""Golden vectors for the builtin models (feature encoder, logistic regression, gradient
boosting), from Debian 12's scikit-learn 1.2.1.

Run from anywhere with Debian's interpreter (the pyenv `python3` on PATH has no sklearn):

    /usr/bin/python3 packages/core/src/models/golden/generate_builtin.py

Reads real data from vega-datasets (node_modules) and writes, next to this script:
- builtin-weather.csv: Seattle and New York daily weather 2012–2015 ("will it rain tomorrow"),
  with missing values injected on a fixed pattern of rows so that every missing-value path of
  the encoder runs (number, boolean and string columns);
- builtin-flights.csv: flights-10k (US flights, Jan–Mar 2001), "delayed more than 15 minutes",
  with two airport columns of ~200 categories each (so the top-20 + "other" path runs);
- builtin-models.json: per case, the encoder this script computes independently of the
  TypeScript (means, scales, categories, column sums and a few encoded rows), then on the
  encoded train matrix:
  * LogisticRegression(C=1.0) solved exactly (newton-cg, tol=1e-8) and with sklearn's
    defaults (lbfgs, which stops on scipy's ftol a little short of the optimum);
  * HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_depth=3,
    early_stopping=False): its bin thresholds, per-iteration train log loss, and test
    probabilities, ROC AUC and log loss.

The encoding rules mirror packages/core/src/models/feature-encoder.ts (written from its doc,
not its code): numbers/booleans/timestamps standardised with the mean and population standard
deviation of the observed train values, missing → mean (0) plus a 0/1 missing column when the
train column had missing values; strings one-hot over the K = 20 most frequent train
categories (ties: missing first, then code-unit order), missing counted as a category, then an
"other" column. The split is temporal: train rows come first.
"""

import collections
import csv
import datetime as dt
import json
import pathlib
import warnings

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score

HERE = pathlib.Path(__file__).resolve().parent
K = 20
SAMPLE_ROWS = [0, 1, 2, 3, 5, 7, 100]
EPOCH = dt.datetime(1970, 1, 1)


def repo_root() -> pathlib.Path:
    d = HERE
    while not (d / "turbo.json").exists():
        d = d.parent
    return d


def data_file(name: str) -> pathlib.Path:
    return repo_root() / "node_modules" / "vega-datasets" / "data" / name


def epoch_ms(t: dt.datetime) -> float:
    return (t - EPOCH) / dt.timedelta(milliseconds=1)


# Each case: ordered list of (name, type), rows as dicts, labels, and which rows are train.


def weather_case():
    with data_file("weather.csv").open(newline="") as f:
        days = list(csv.DictReader(f))
    by_city = collections.defaultdict(list)
    for d in days:
        by_city[d["location"]].append(d)
    rows = []
    for city, ds in by_city.items():
        ds.sort(key=lambda r: r["date"])
        for today, tomorrow in zip(ds, ds[1:]):
            date = dt.date.fromisoformat(today["date"])
            if dt.date.fromisoformat(tomorrow["date"]) != date + dt.timedelta(days=1):
                continue
            rows.append((today["date"], city, today, float(tomorrow["precipitation"]) > 0))
    rows.sort(key=lambda r: (r[0], r[1]))
    schema = [
        ("location", "string"),
        ("date", "timestamp"),
        ("precipitation", "number"),
        ("temp_max", "number"),
        ("temp_min", "number"),
        ("wind", "number"),
        ("weather", "string"),
        ("rain_today", "boolean"),
    ]
    records, labels, train = [], [], []
    for r, (date, city, today, label) in enumerate(rows):
        precipitation = float(today["precipitation"])
        rec = {
            "location": city,
            "date": epoch_ms(dt.datetime.fromisoformat(date)),
            "precipitation": precipitation,
            "temp_max": float(today["temp_max"]),
            "temp_min": float(today["temp_min"]) if r % 23 != 7 else None,
            "wind": float(today["wind"]) if r % 11 != 3 else None,
            "weather": today["weather"] if r % 17 != 5 else None,
            "rain_today": (precipitation > 0) if r % 19 != 2 else None,
        }
        records.append(rec)
        labels.append(1 if label else 0)
        train.append(date < "2014-07-01")
    return "weather", schema, records, labels, train


def flights_case():
    flights = json.loads(data_file("flights-10k.json").read_text())
    schema = [
        ("date", "timestamp"),
        ("hour", "number"),
        ("distance", "number"),
        ("origin", "string"),
        ("destination", "string"),
    ]
    records, labels = [], []
    for fl in flights:  # already in time order
        t = dt.datetime.strptime(fl["date"], "%Y/%m/%d %H:%M")
        records.append(
            {
                "date": epoch_ms(t),
                "hour": t.hour + t.minute / 60,
                "distance": float(fl["distance"]),
                "origin": fl["origin"],
                "destination": fl["destination"],
            }
        )
        labels.append(1 if fl["delay"] > 15 else 0)
    n_train = int(0.7 * len(records))
    return "flights", schema, records, labels, [i < n_train for i in range(len(records))]


def write_csv(name, schema, records, labels, train):
    path = HERE / f"builtin-{name}.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["split", *[c for c, _ in schema], "label"])
        for rec, y, is_train in zip(records, labels, train):
            cells = []
            for c, t in schema:
                v = rec[c]
                if v is None:
                    cells.append("")
                elif t == "boolean":
                    cells.append("1" if v else "0")
                elif t == "string":
                    cells.append(v)
                else:
                    cells.append(repr(v) if v != int(v) else str(int(v)))
            w.writerow(["train" if is_train else "test", *cells, y])
    return path.name


def column(records, name, typ):
    if typ == "string":
        return [r[name] for r in records]
    return np.array([np.nan if r[name] is None else float(r[name]) for r in records])


def fit_encoder(schema, records):
    features = []
    for name, typ in schema:
        values = column(records, name, typ)
        if typ == "string":
            counts = collections.Counter(values)
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], (0, "") if kv[0] is None else (1, kv[0])))
            features.append({"name": name, "type": typ, "categories": [c for c, _ in ranked[:K]]})
        else:
            observed = values[~np.isnan(values)]
            mean = float(observed.mean()) if len(observed) else 0.0
            sd = float(observed.std()) if len(observed) else 0.0
            features.append(
                {
                    "name": name,
                    "type": typ,
                    "mean": mean,
                    "scale": sd if sd > 0 else 1.0,
                    "missingIndicator": bool(np.isnan(values).any()),
                }
            )
    return features


def encode(features, records):
    cols, names = [], []
    for f in features:
        values = column(records, f["name"], f["type"])
        if f["type"] == "string":
            slot = {c: j for j, c in enumerate(f["categories"])}
            block = np.zeros((len(records), len(f["categories"]) + 1))
            for i, v in enumerate(values):
                block[i, slot.get(v, len(f["categories"]))] = 1
            cols.extend(block.T)
            names.extend(f"{f['name']}:missing" if c is None else f"{f['name']}={c}" for c in f["categories"])
            names.append(f"{f['name']}:other")
        else:
            missing = np.isnan(values)
            cols.append(np.where(missing, 0.0, (values - f["mean"]) / f["scale"]))
            names.append(f["name"])
            if f["missingIndicator"]:
                cols.append(missing.astype(float))
                names.append(f"{f['name']}:missing")
    return np.column_stack(cols), names


def lr_summary(model, x, y):
    w, b = model.coef_[0], float(model.intercept_[0])
    z = x @ w + b
    r = 1 / (1 + np.exp(-z)) - y
    return {
        "solver": model.solver,
        "iterations": int(model.n_iter_[0]),
        "coefficients": w.tolist(),
        "intercept": b,
        "objective": float(0.5 * w @ w + np.sum(np.logaddexp(0, z) - y * z)),
        "gradientMaxAbs": float(np.abs(np.r_[r.sum(), w + x.T @ r]).max()),
    }


def build(case):
    name, schema, records, labels, train = case
    csv_name = write_csv(name, schema, records, labels, train)
    train_records = [r for r, t in zip(records, train) if t]
    test_records = [r for r, t in zip(records, train) if not t]
    y = np.array(labels, dtype=float)
    y_train, y_test = y[np.array(train)], y[~np.array(train)]

    features = fit_encoder(schema, train_records)
    x_train, names = encode(features, train_records)
    x_test, _ = encode(features, test_records)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # recorded instead, below
        exact = LogisticRegression(C=1.0, solver="newton-cg", tol=1e-8, max_iter=1000).fit(x_train, y_train)
        default = LogisticRegression().fit(x_train, y_train)
    hgb = HistGradientBoostingClassifier(
        max_iter=100, learning_rate=0.1, max_depth=3, early_stopping=False, random_state=0
    ).fit(x_train, y_train)
    p_hgb = hgb.predict_proba(x_test)[:, 1]
    train_loss = [log_loss(y_train, np.full(len(y_train), y_train.mean()))]
    train_loss += [log_loss(y_train, p[:, 1]) for p in hgb.staged_predict_proba(x_train)]
    p_exact = exact.predict_proba(x_test)[:, 1]
    p_default = default.predict_proba(x_test)[:, 1]

    rows = [i for i in SAMPLE_ROWS if i < len(x_test)]
    return {
        "name": name,
        "csv": csv_name,
        "schema": [{"name": c, "type": t} for c, t in schema],
        "trainRows": int(len(y_train)),
        "testRows": int(len(y_test)),
        "encoder": {
            "features": features,
            "columns": names,
            "trainColumnSums": x_train.sum(axis=0).tolist(),
            "trainColumnSquares": (x_train**2).sum(axis=0).tolist(),
            "testColumnSums": x_test.sum(axis=0).tolist(),
            "sampleRows": rows,
            "trainSample": x_train[rows].tolist(),
            "testSample": x_test[rows].tolist(),
        },
        "logisticRegression": {
            "exact": {
                **lr_summary(exact, x_train, y_train),
                "testAuc": roc_auc_score(y_test, p_exact),
                "testLogLoss": log_loss(y_test, p_exact),
                "testSample": p_exact[rows].tolist(),
            },
            "lbfgsDefault": {
                **lr_summary(default, x_train, y_train),
                "converged": int(default.n_iter_[0]) < default.max_iter,
                "testAuc": roc_auc_score(y_test, p_default),
                "testLogLoss": log_loss(y_test, p_default),
                "testProbabilities": p_default.tolist(),
            },
        },
        "histGradientBoosting": {
            "params": {"max_iter": 100, "learning_rate": 0.1, "max_depth": 3, "early_stopping": False},
            "iterations": int(hgb.n_iter_),
            "binThresholds": [t.tolist() for t in hgb._bin_mapper.bin_thresholds_],
            "trainLoss": train_loss,
            "testAuc": roc_auc_score(y_test, p_hgb),
            "testLogLoss": log_loss(y_test, p_hgb),
            "testProbabilities": p_hgb.tolist(),
        },
    }


def main() -> None:
    cases = [build(weather_case()), build(flights_case())]
    golden = {
        "generator": f"packages/core/src/models/golden/generate_builtin.py (scikit-learn {sklearn.__version__}, numpy {np.__version__})",
        "cases": cases,
    }
    (HERE / "builtin-models.json").write_text(json.dumps(golden, indent=1) + "\n")
    for c in cases:
        print(
            f"{c['name']}: {c['trainRows']} train / {c['testRows']} test rows, {len(c['encoder']['columns'])} encoded columns;"
            f" LR test AUC {c['logisticRegression']['exact']['testAuc']:.4f},"
            f" HGB test AUC {c['histGradientBoosting']['testAuc']:.4f}"
        )


if __name__ == "__main__":
    main()
