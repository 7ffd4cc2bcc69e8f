import { linearQuantile } from "@fieldtest/core";
import type { LatencySummary } from "@fieldtest/db";

/**
 * Per-call latency percentiles (numpy's default 'linear' quantiles) of an endpoint run's calls;
 * null when no call was made.
 */
export function latencySummary(latenciesMs: readonly Float64Array[], rows: number): LatencySummary | null {
  const calls = latenciesMs.reduce((n, l) => n + l.length, 0);
  if (calls === 0) return null;
  const sorted = new Float64Array(calls);
  let at = 0;
  for (const part of latenciesMs) {
    sorted.set(part, at);
    at += part.length;
  }
  sorted.sort();
  let sum = 0;
  for (const ms of sorted) sum += ms;
  return {
    calls,
    rows,
    p50Ms: linearQuantile(sorted, 0.5),
    p95Ms: linearQuantile(sorted, 0.95),
    p99Ms: linearQuantile(sorted, 0.99),
    maxMs: sorted[calls - 1] as number,
    meanMs: sum / calls,
  };
}
