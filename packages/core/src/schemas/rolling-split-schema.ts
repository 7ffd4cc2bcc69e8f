import { z } from "zod";
import type { RollingOriginOptions } from "../realism/rolling-origin-folds.ts";
import { randomSplitSchema, temporalSplitSchema } from "./split-schema.ts";
import { strictObject } from "./strict-object.ts";

const DAY_MS = 86_400_000;
/** More folds than this is a mistake more often than a backtest (each fold is a full evaluation). */
export const MAX_ROLLING_FOLDS = 100;

const days = (what: string) =>
  z
    .number({ error: `${what} is a number of days` })
    .positive(`${what} must be more than 0 days`)
    .max(36_600, `${what} must be at most 36,600 days (100 years)`);

const testWindowSchema = z.union(
  [
    strictObject({ days: days("The test window") }, "testWindow"),
    strictObject(
      {
        rows: z
          .int({ error: "The test window's rows must be a whole number" })
          .min(1, "The test window needs at least 1 row"),
      },
      "testWindow",
    ),
  ],
  { error: 'testWindow must be { "days": n } or { "rows": n }' },
);

const trainWindowSchema = z.union(
  [z.literal("expanding"), strictObject({ days: days("The train window") }, "trainWindow")],
  {
    error: 'trainWindow must be "expanding" or { "days": n }',
  },
);

/**
 * A rolling-origin backtest (core's rollingOriginFolds): `folds` test windows that tile the
 * time line back from the last row, each fold trained only on rows before its window
 * (minus a `gap`, the embargo). Needs a timestamp column.
 */
export const rollingSplitSchema = strictObject(
  {
    kind: z.literal("rolling"),
    folds: z
      .int({ error: "folds must be a whole number" })
      .min(1, "A rolling backtest needs at least 1 fold")
      .max(MAX_ROLLING_FOLDS, `A rolling backtest has at most ${MAX_ROLLING_FOLDS} folds`),
    /** Each fold's test window: a duration, or a number of rows (rows sharing a timestamp stay together). */
    testWindow: testWindowSchema,
    /** `"expanding"`: every row before the fold; `{ days }`: a sliding window of that length. */
    trainWindow: trainWindowSchema.default("expanding"),
    /** Days left out between the end of train and the start of test. */
    gap: z
      .strictObject({
        days: z.number({ error: "The gap is a number of days" }).min(0, "The gap cannot be negative").max(36_600),
      })
      .default({ days: 0 }),
  },
  "a rolling split",
);
export type RollingSplit = z.infer<typeof rollingSplitSchema>;

/**
 * Every split a benchmark protocol may name: seeded random, temporal cut, rolling backtest.
 * Strict versions of core's split schemas: an unknown key is refused, never ignored.
 */
export const protocolSplitSchema = z.discriminatedUnion(
  "kind",
  [
    strictObject(randomSplitSchema.shape, "a random split"),
    strictObject(temporalSplitSchema.shape, "a temporal split"),
    rollingSplitSchema,
  ],
  {
    error: (issue) =>
      issue.input === undefined
        ? 'Choose a split: "random", "temporal" or "rolling"'
        : 'split.kind must be "random", "temporal" or "rolling"',
  },
);
export type ProtocolSplit = z.infer<typeof protocolSplitSchema>;
export type SplitKind = ProtocolSplit["kind"];

/** Core's rollingOriginFolds options for a rolling split (days → milliseconds), without the timestamps. */
export function rollingOriginOptionsOf(
  split: RollingSplit,
): Pick<RollingOriginOptions, "folds" | "testWindow" | "trainWindow" | "gap"> {
  return {
    folds: split.folds,
    testWindow: "rows" in split.testWindow ? { rows: split.testWindow.rows } : { ms: split.testWindow.days * DAY_MS },
    trainWindow: split.trainWindow === "expanding" ? "expanding" : { ms: split.trainWindow.days * DAY_MS },
    gap: { ms: split.gap.days * DAY_MS },
  };
}
