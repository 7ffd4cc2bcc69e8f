import { type MetricDirection, type PairwiseComparison, pairwiseIntervalComparisons } from "@fieldtest/core";

/** Family-wise level of the leaderboard's pairwise tests (Holm). */
export const LEADERBOARD_ALPHA = 0.05;

export interface LeaderboardEntryInput {
  modelVersionId: string;
  runId: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  level: number | null;
  n: number | null;
}

export interface RankedEntry<T extends LeaderboardEntryInput> {
  entry: T;
  /** 1-based; ties share a rank; null when the run has no value for the metric. */
  rank: number | null;
}

/**
 * Ranks entries by value in the metric's direction (unknown direction: higher is better),
 * entries without a value last and unranked; and tests every pair of entries that have an
 * interval with core's pairwiseIntervalComparisons (interval z-test, Holm-corrected).
 */
export function rankLeaderboard<T extends LeaderboardEntryInput>(
  entries: readonly T[],
  direction: MetricDirection | null,
): { ranked: RankedEntry<T>[]; pairs: PairwiseComparison[] } {
  const sign = direction === "lower_is_better" ? 1 : -1;
  const withValue = entries.filter((e) => e.value !== null && Number.isFinite(e.value));
  const without = entries.filter((e) => !(e.value !== null && Number.isFinite(e.value)));
  const sorted = [...withValue].sort(
    (a, b) => sign * ((a.value as number) - (b.value as number)) || a.modelVersionId.localeCompare(b.modelVersionId),
  );
  const ranked: RankedEntry<T>[] = [];
  sorted.forEach((entry, i) => {
    const prev = ranked[i - 1];
    const rank = prev && prev.entry.value === entry.value ? (prev.rank as number) : i + 1;
    ranked.push({ entry, rank });
  });
  for (const entry of without) ranked.push({ entry, rank: null });
  const testable = sorted.filter(
    (e) => e.lower !== null && e.upper !== null && e.level !== null && e.level > 0 && e.level < 1,
  );
  const pairs = pairwiseIntervalComparisons({
    estimates: testable.map((e) => ({
      id: e.modelVersionId,
      value: e.value as number,
      lower: e.lower as number,
      upper: e.upper as number,
      level: e.level as number,
    })),
    direction: direction ?? "higher_is_better",
    alpha: LEADERBOARD_ALPHA,
  });
  return { ranked, pairs: pairs.sort((a, b) => a.adjustedPValue - b.adjustedPValue) };
}
