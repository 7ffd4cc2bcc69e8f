import type { Stage } from "@fieldtest/db";

/**
 * The flight-delay story (vega-datasets flights-3m.parquet: 3,000,000 US flights, 2001-01-01 to
 * 2001-07-01). Two offline versions fitted on January 2001: v1-logreg (time of day, weekday,
 * distance) in production and v2-flight-history (each scheduled flight's own January delay rate)
 * shadowing it. v2 wins the winter benchmark (February) by far: a flight late in January is late in
 * February, as long as the schedule holds. In June, after the summer schedule change, many of those
 * flights no longer exist or leave at other minutes, and v2 loses to v1 in the field: the benchmark
 * overstated it, and the readiness report's gap gate says so.
 *
 * The demo seed loads a sample at once (every flight of DEMO_FLIGHTS.sample.routeShare of the
 * routes); the worker loads every flight in the background (DEMO_FLIGHTS.full, queue demo-load).
 */
export const DEMO_FLIGHTS = {
  model: {
    name: "Flight delay (US, 2001)",
    description:
      "Will this flight arrive more than 15 minutes late? Probability from the schedule (vega-datasets flights-3m).",
  },
  versions: {
    logreg: {
      version: "v1-logreg",
      stage: "production" satisfies Stage,
      notes:
        "Logistic regression (L2, C = 1) on the scheduled departure's hour (linear, quadratic, cyclic), weekday " +
        "(one-hot) and log distance. Fitted by the demo seed on January 2001. Knows no single flight.",
    },
    history: {
      version: "v2-flight-history",
      stage: "shadow" satisfies Stage,
      notes:
        "Each scheduled flight's own delay rate (route × departure minute) in January 2001, smoothed towards the " +
        "base rate with 3 pseudo-flights; a flight January did not have gets the base rate.",
    },
  },
  sample: {
    /** Every flight of this share of the routes (FNV-1a of "ORIGIN-DEST"): ~22k winter flights, ~11k in June. */
    routeShare: 0.02,
    datasetName: "US flights 2001 — delayed over 15 min (2% of routes)",
    benchmarkName: "Flight delay — winter holdout (2% of routes)",
    scale: "every flight of 2% of the routes (a deterministic sample by route)",
    bootstrapResamples: 1000,
  },
  full: {
    routeShare: 1,
    datasetName: "US flights 2001 — delayed over 15 min (all flights)",
    benchmarkName: "Flight delay — winter holdout (all flights)",
    scale: "all flights",
    // Hundreds of thousands of test rows: intervals are narrow already; fewer resamples keep the run short.
    bootstrapResamples: 200,
  },
  datasetDescription: (scale: string) =>
    `US domestic flights of January and February 2001 from vega-datasets flights-3m.parquet, ${scale}. One row ` +
    "per flight (flight_id f<position in the file>); departure is the scheduled departure (local time, read as " +
    "UTC) and the time axis; delayed is 1 when the flight arrived more than 15 minutes late (delay > 15).",
  benchmarkDescription: (scale: string) =>
    `Trained on January 2001, tested on February 2001 (temporal cutoff 2001-02-01), ${scale}. The winter ` +
    "schedule holds across the cutoff, so a model that remembers single flights looks very good here; the " +
    "shadow evaluation on June 2001 shows what is left of that in the field.",
  benchmark: { version: 1, metrics: ["roc_auc", "brier_score", "accuracy"], threshold: 0.5, seed: 42 },
  shadow: {
    eventIdPrefix: "flight-",
    /** Labels (arrival) follow the scheduled departure by this many hours. */
    labelDelayHours: 6,
    latencyMs: { min: 5, max: 25 },
    latencySeed: 20_010_601,
    evaluationSeed: 42,
  },
} as const;

/** The DemoSeed row that records a finished full-scale load (its own number, apart from DEMO_SEED_VERSION). */
export const DEMO_FULL_SCALE_SEED_VERSION = 1001;
