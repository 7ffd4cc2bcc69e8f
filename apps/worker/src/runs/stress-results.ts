import {
  applyPerturbations,
  type BinaryMetricName,
  binaryEvaluation,
  fnv1a64,
  isWorse,
  type PerturbationChange,
  type StressScenario,
  seedToUint64,
} from "@fieldtest/core";
import type { StressResult } from "@fieldtest/db";
import type { RowsProtocol } from "./evaluate-rows.ts";
import { type FeatureColumn, fromPerturbed, toPerturbable } from "./feature-columns.ts";

/** How each scenario's perturbations are seeded; stored with the results so the run can be reproduced. */
export const STRESS_SEEDING =
  'seedToUint64(run seed) XOR fnv1a64("stress:" + scenario name), passed to core\'s applyPerturbations';

/** The perturbation seed of one scenario: the run's seed mixed with the scenario's name, so scenarios draw independently. */
export function scenarioSeed(seed: number, scenario: string): bigint {
  return seedToUint64(seed) ^ fnv1a64(`stress:${scenario}`);
}

/** The test rows' features under one scenario (core's applyPerturbations, seeded by the run and the scenario). */
export function perturbScenario(
  features: readonly FeatureColumn[],
  scenario: StressScenario,
  seed: number,
): { features: FeatureColumn[]; changes: PerturbationChange[] } {
  const result = applyPerturbations({
    perturbations: scenario.perturbations,
    features: toPerturbable(features),
    seed: scenarioSeed(seed, scenario.name),
  });
  return { features: fromPerturbed(features, result.features), changes: result.changes };
}

/** Sums what the perturbations did over several groups of rows (the folds of a backtest). */
export function mergeChanges(groups: readonly PerturbationChange[][]): PerturbationChange[] {
  if (groups.length === 1) return groups[0] ?? [];
  const merged = new Map<string, PerturbationChange>();
  for (const changes of groups) {
    for (const change of changes) {
      const key = `${change.step}\u0000${change.column}`;
      const seen = merged.get(key);
      // σ differs per group of rows; a sum of groups has no one σ to show.
      if (!seen)
        merged.set(key, {
          step: change.step,
          kind: change.kind,
          column: change.column,
          present: change.present,
          changed: change.changed,
        });
      else merged.set(key, { ...seen, present: seen.present + change.present, changed: seen.changed + change.changed });
    }
  }
  return [...merged.values()];
}

export interface ScenarioScores {
  scenario: StressScenario;
  changes: PerturbationChange[];
  /** Scores of the same test rows, in the same order as the baseline. */
  scores: Float64Array;
}

/** Each scenario's metrics against the clean test rows' metrics: stressed − baseline, and whether that is worse. */
export function stressResults(input: {
  labels: Float64Array;
  baseline: Float64Array;
  scenarios: readonly ScenarioScores[];
  protocol: RowsProtocol;
}): StressResult {
  const { labels, protocol } = input;
  const evaluate = (scores: Float64Array) =>
    binaryEvaluation(labels, scores, { threshold: protocol.threshold, maxCurvePoints: 2 });
  const baseline = evaluate(input.baseline);
  return {
    seeding: STRESS_SEEDING,
    n: labels.length,
    scenarios: input.scenarios.map(({ scenario, changes, scores }) => {
      const stressed = evaluate(scores);
      return {
        name: scenario.name,
        perturbations: scenario.perturbations,
        changes,
        metrics: protocol.metrics.map((metric: BinaryMetricName) => {
          const before = baseline.metrics[metric];
          const after = stressed.metrics[metric];
          const delta = before !== null && after !== null ? after - before : null;
          const problem = stressed.problems[metric]?.message ?? baseline.problems[metric]?.message;
          return {
            metric,
            baseline: before,
            stressed: after,
            delta,
            worse: before !== null && after !== null ? isWorse(metric, after, before) : null,
            ...(problem ? { problem } : {}),
          };
        }),
      };
    }),
  };
}
