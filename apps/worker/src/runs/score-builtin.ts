import {
  type BuiltinModelSpec,
  type FeatureColumn,
  predictBuiltinModel,
  startBuiltinTraining,
  type TrainedBuiltinModel,
} from "@fieldtest/core";

export interface ScoreBuiltinInput {
  spec: BuiltinModelSpec;
  train: { features: FeatureColumn[]; labels: Float64Array };
  test: { features: FeatureColumn[] };
  seed: number;
  /** Share of the work done (0 < fraction ≤ 1, increasing), reported at least every 1%; awaited. */
  onProgress?: (fraction: number) => Promise<void> | void;
}

/** Share of the progress bar given to training; scoring the test rows takes the rest. */
const TRAINING_SHARE = 0.9;
/** Test rows scored between two yields to the event loop. */
export const SCORING_CHUNK_ROWS = 65_536;
const PROGRESS_STEP = 0.01;

/**
 * Trains the builtin model `spec` on the train rows and scores the test rows with it: P(y = 1)
 * per test row, and the trained model (JSON-safe, for the run to store).
 *
 * Core trains synchronously in steps (one Newton iteration or one boosting tree each); between
 * steps, and between chunks of test rows, this yields to the event loop so the worker's lock
 * renewal and other timers keep running during a long fit. Bad input (an invalid spec, one
 * class in the train labels, a feature missing from the test rows, …) is core's
 * InvalidInputError, which the run reports as the user's to fix.
 */
export async function scoreBuiltin(
  input: ScoreBuiltinInput,
): Promise<{ scores: Float64Array; model: TrainedBuiltinModel }> {
  const report = progressReporter(input.onProgress);
  const trainer = startBuiltinTraining(input.spec, input.train, input.seed);
  await yieldToEventLoop();
  while (!trainer.step()) {
    await report(trainer.progress * TRAINING_SHARE);
    await yieldToEventLoop();
  }
  const model = trainer.model();
  await report(TRAINING_SHARE);

  const { features } = input.test;
  const rows = features[0]?.values.length ?? 0;
  const scores = new Float64Array(rows);
  for (let start = 0; start < rows; start += SCORING_CHUNK_ROWS) {
    const end = Math.min(rows, start + SCORING_CHUNK_ROWS);
    await yieldToEventLoop();
    scores.set(predictBuiltinModel(model, sliceRows(features, start, end)), start);
    await report(TRAINING_SHARE + ((1 - TRAINING_SHARE) * end) / rows);
  }
  await report(1);
  return { scores, model };
}

/** Calls `onProgress` when the fraction has grown by at least PROGRESS_STEP since the last call, and at 1. */
function progressReporter(onProgress: ScoreBuiltinInput["onProgress"]) {
  let last = 0;
  return async (fraction: number) => {
    if (!onProgress) return;
    if (fraction < 1 && fraction - last < PROGRESS_STEP) return;
    if (fraction <= last) return;
    last = fraction;
    await onProgress(fraction);
  };
}

function sliceRows(features: readonly FeatureColumn[], start: number, end: number): FeatureColumn[] {
  return features.map((column) =>
    column.type === "string"
      ? { ...column, values: column.values.slice(start, end) }
      : { ...column, values: column.values.subarray(start, end) },
  );
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
