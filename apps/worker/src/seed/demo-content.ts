import type { Split } from "@fieldtest/core";
import type { Role, Stage } from "@fieldtest/db";

/**
 * What the demo seed creates. Bump DEMO_SEED_VERSION when this content changes: a database
 * that recorded the current version in DemoSeed is left alone.
 */
export const DEMO_SEED_VERSION = 1;

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
    stage: "candidate" satisfies Stage,
    notes:
      "Logistic regression (L2, C = 1) on standardised features of the day: precipitation, temperatures, wind, " +
      "rain flag, weather kind and season. Fitted by the demo seed on 2012–2013 only.",
  },
  persistence: {
    version: "v0-persistence",
    stage: "production" satisfies Stage,
    notes:
      "Persistence baseline: tomorrow is like today. Score = share of 2012–2013 rainy days followed by rain " +
      "when it rained today, share of dry days followed by rain otherwise.",
  },
} as const;

export const DEMO_BENCHMARK = {
  name: "Seattle rain — temporal holdout",
  version: 1,
  split: { kind: "temporal", cutoff: TEMPORAL_CUTOFF } satisfies Split,
  metrics: ["accuracy", "roc_auc"],
  threshold: 0.5,
  seed: 42,
} as const;
