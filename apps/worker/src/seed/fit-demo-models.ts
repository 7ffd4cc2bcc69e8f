import { fitLogisticRegression, type LogisticRegressionFit, predictLogisticRegression } from "@fieldtest/core";
import type { RainDataset } from "./build-rain-dataset.ts";
import { RAIN_FEATURES } from "./build-rain-dataset.ts";

const DAY_MS = 86_400_000;

export interface DemoModels {
  /** Rows the models learnt from: those whose label day is before the cutoff. */
  trainRows: number;
  logreg: { fit: LogisticRegressionFit; scores: Float64Array };
  persistence: { rainyRate: number; dryRate: number; scores: Float64Array };
}

/**
 * Fits the demo's two versions on the rows labelled before `cutoffMs` and scores every row.
 * A row's label is the next day's rain, so the last day before the cutoff is left out of
 * training too: its label lies past the cutoff.
 */
export function fitDemoModels(dataset: RainDataset, cutoffMs: number): DemoModels {
  const train: number[] = [];
  dataset.timestamps.forEach((t, i) => {
    if (t + DAY_MS < cutoffMs) train.push(i);
  });
  const pick = (column: Float64Array) => Float64Array.from(train, (i) => column[i] as number);
  const trainFeatures = dataset.features.map(pick);
  const trainLabels = pick(dataset.labels);

  const fit = fitLogisticRegression({ features: trainFeatures, labels: trainLabels, c: 1 });
  if (!fit.converged) throw new Error(`the logistic regression did not converge in ${fit.iterations} iterations`);

  const rainToday = dataset.features[RAIN_FEATURES.indexOf("rain_today")] as Float64Array;
  const trainRain = pick(rainToday);
  const rate = (rainy: number) => {
    let days = 0;
    let followedByRain = 0;
    trainRain.forEach((r, k) => {
      if (r !== rainy) return;
      days++;
      followedByRain += trainLabels[k] as number;
    });
    return days === 0 ? 0.5 : followedByRain / days;
  };
  const rainyRate = rate(1);
  const dryRate = rate(0);

  return {
    trainRows: train.length,
    logreg: { fit, scores: predictLogisticRegression(fit.model, dataset.features) },
    persistence: { rainyRate, dryRate, scores: rainToday.map((r) => (r === 1 ? rainyRate : dryRate)) },
  };
}

/** Predictions upload: one row per dataset row, keyed by its date; six decimals keep the bytes stable. */
export function predictionsCsv(dates: readonly string[], scores: Float64Array): Uint8Array {
  const lines = ["date,score"];
  dates.forEach((date, i) => {
    lines.push(`${date},${(scores[i] as number).toFixed(6)}`);
  });
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}
