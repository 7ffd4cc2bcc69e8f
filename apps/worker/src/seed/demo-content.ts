import { BINARY_METRICS, type DecisionCosts, type Split, type StressScenario } from "@fieldtest/core";
import type { Role, Stage } from "@fieldtest/db";

/**
 * What the demo seed creates. Bump DEMO_SEED_VERSION when this content changes: a database
 * that recorded the current version in DemoSeed is left alone; one seeded by an earlier version
 * gets what is new (every step finds what exists). Version 2 added v2-gbm (builtin) and the
 * decision-costs-and-stress benchmark, with their runs. Version 3 added the shadow story (v1-logreg in
 * production, v2-gbm in shadow, New York's days as production traffic, DEMO_SHADOW). Version 4 added
 * the review of v2-gbm waiting for the demo reviewer (DEMO_REVIEW). Version 5 added the flight-delay story's
 * sample (flight-content.ts DEMO_FLIGHTS), and the background load of its full scale.
 */
export const DEMO_SEED_VERSION = 5;

export const DEMO_TEAM = { slug: "demo", name: "Demo" } as const;

/** One password for every demo user; printed in the README, never used outside the demo. */
export const DEMO_PASSWORD = "fieldtest-demo";

export const DEMO_USERS: readonly { email: string; name: string; role: Role }[] = [
  { email: "member@fieldtest.dev", name: "Demo Member", role: "member" },
  { email: "reviewer@fieldtest.dev", name: "Demo Reviewer", role: "reviewer" },
  { email: "admin@fieldtest.dev", name: "Demo Admin", role: "admin" },
];

/** The author of the demo's models, dataset, benchmark and runs (never its reviewer). */
export const DEMO_AUTHOR_EMAIL = "member@fieldtest.dev";

export const TEMPORAL_CUTOFF = "2014-01-01T00:00:00.000Z";

export const DEMO_DATASET = {
  name: "Seattle weather — rain tomorrow",
  description:
    "Seattle daily weather 2012–2015 (vega-datasets weather.csv). One row per day with what is known at the end of " +
    "that day (date is the row id, day the same date as the time axis); rain_tomorrow is 1 when the next day's " +
    "precipitation is above 0. The last day has no label and is left out.",
  idColumn: "date",
  labelColumn: "rain_tomorrow",
  // The same day as `date`, read as a timestamp: the id column is kept as text, so it cannot be the time axis too.
  timestampColumn: "day",
} as const;

export const DEMO_MODEL = {
  name: "Rain tomorrow (Seattle)",
  description: "Will it rain in Seattle tomorrow? Probability from today's weather.",
} as const;

export const DEMO_VERSIONS = {
  logreg: {
    version: "v1-logreg",
    // Serves production (DEMO_SHADOW's champion); seed version 2 made it a candidate.
    stage: "production" satisfies Stage,
    previousStage: "candidate" satisfies Stage,
    notes:
      "Logistic regression (L2, C = 1) on standardised features of the day: precipitation, temperatures, wind, " +
      "rain flag, weather kind and season. Fitted by the demo seed on 2012–2013 only.",
  },
  persistence: {
    version: "v0-persistence",
    // Replaced in production by v1-logreg (promoting a version retires the previous production one).
    stage: "retired" satisfies Stage,
    previousStage: "production" satisfies Stage,
    notes:
      "Persistence baseline: tomorrow is like today. Score = share of 2012–2013 rainy days followed by rain " +
      "when it rained today, share of dry days followed by rain otherwise.",
  },
} as const;

/** The builtin version: no uploaded predictions; Fieldtest trains it inside every run it is benchmarked in. */
export const DEMO_BUILTIN_VERSION = {
  version: "v2-gbm",
  // The challenger answering production's requests silently (DEMO_SHADOW); seed version 2 left it in development.
  stage: "shadow" satisfies Stage,
  previousStage: "development" satisfies Stage,
  endpointConfig: { algorithm: "gradient_boosting" },
  notes:
    "Gradient boosting (Fieldtest's builtin: 100 trees of depth 3, learning rate 0.1) on every feature column of " +
    "the dataset. Trained by Fieldtest on each benchmark's train split, inside the run — no predictions are uploaded.",
} as const;

export const DEMO_BENCHMARK = {
  name: "Seattle rain — temporal holdout",
  version: 1,
  split: { kind: "temporal", cutoff: TEMPORAL_CUTOFF } satisfies Split,
  metrics: ["accuracy", "roc_auc"],
  threshold: 0.5,
  seed: 42,
} as const;

const MISSED_RAIN_COSTS = { fp: 1, fn: 5 } as const satisfies DecisionCosts;

/**
 * The full protocol on the same days and cutoff: every binary metric, decision costs, a slice
 * and stress scenarios. Stress re-scores perturbed features, which needs a model Fieldtest can
 * call, so only builtin (or endpoint) versions run it; offline versions are refused (runRefusal).
 */
export const DEMO_STRESS_BENCHMARK = {
  name: "Seattle rain — decision costs and stress",
  version: 1,
  description:
    "The temporal holdout's days and cutoff (train 2012–2013, test 2014–2015), scored on every binary metric with " +
    "95% bootstrap intervals. Decision costs fp 1, fn 5: a missed rain day (no umbrella, soaked) costs five times " +
    "an umbrella carried for nothing, so the cost-optimal threshold sits well below 0.5. Sliced by rain_today (after " +
    "a dry day vs after a wet day). Stress: noisy weather sensors, and a rain gauge reading 50% high. Stress " +
    "re-scores perturbed features, so only versions Fieldtest can call (builtin or endpoint) run this benchmark; " +
    "offline versions' uploaded predictions cannot be stressed.",
  protocol: {
    task: "binary_classification",
    split: { kind: "temporal", cutoff: TEMPORAL_CUTOFF } satisfies Split,
    metrics: [...BINARY_METRICS],
    threshold: 0.5,
    sliceColumns: ["rain_today"],
    costs: MISSED_RAIN_COSTS,
    stress: [
      {
        name: "noisy sensors",
        perturbations: [{ kind: "gaussian_noise", columns: ["temp_max", "temp_min", "wind"], factor: 0.5 }],
      },
      {
        name: "rain gauge reads 50% high",
        perturbations: [{ kind: "shift", columns: ["precipitation"], operation: "multiply", amount: 1.5 }],
      },
    ] satisfies StressScenario[],
    seed: 42,
  },
} as const;

/**
 * The shadow story: "rain tomorrow", fitted and benchmarked on Seattle, serves New York. Every New
 * York day of weather.csv becomes one production request (eventId `nyc-<date>`) answered by the
 * champion v1-logreg (its prediction computed with the model the seed fits on Seattle), with the
 * same features as the Seattle dataset; its label (rain the next day) follows one replayed day
 * later, except for the last `unlabelledDays` days, still waiting for theirs. One shadow evaluation
 * replays the whole window with v2-gbm as the challenger, against the Seattle temporal holdout:
 * the gap (benchmark − shadow) shows how much Seattle's numbers overstate New York.
 *
 * Replayed, not dated 2012–2015: events older than FIELDTEST_EVENT_RETENTION_DAYS (default 400)
 * are refused by ingestion and deleted by the worker's sweeper, so the 1,461 days are replayed at
 * `replayHoursPerDay` hours each (about 8 months), ending just before the first seed. The NY date
 * stays in the eventId and in the season features.
 */
export const DEMO_SHADOW = {
  eventIdPrefix: "nyc-",
  replayHoursPerDay: 4,
  unlabelledDays: 60,
  /** Served latency of the champion, uniform in this range (seeded, so every seed writes the same). */
  latencyMs: { min: 20, max: 60 },
  latencySeed: 20_120_101,
  /** The shadow evaluation's own seed (bootstrap and confidence-sequence randomness). */
  evaluationSeed: 42,
  /** Events per ingestion batch. */
  batchSize: 500,
} as const;

/** The review the demo author requested of the shadow challenger (v2-gbm), pending for the demo reviewer. */
export const DEMO_REVIEW = {
  note:
    "v2-gbm (builtin gradient boosting) is close to v1-logreg on the Seattle holdout and has been shadowing it on " +
    "New York's traffic: please weigh the benchmark against the field before we promote it.",
} as const;
