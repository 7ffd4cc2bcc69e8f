import type { ShadowGap, ShadowGapEntry, ShadowVersionInput, ShadowVersionMetrics } from "./types.ts";

/**
 * Gap = benchmark value − shadow value, per metric in the version's `benchmark`, with the
 * conservative interval [b.lower − s.upper, b.upper − s.lower]: it covers whenever both
 * intervals cover, so with probability ≥ 1 − (1 − b.level) − (1 − s.level) (union bound).
 */
export function gap(version: ShadowVersionInput, measured: ShadowVersionMetrics): ShadowGap {
  const entries: ShadowGapEntry[] = [];
  for (const [metric, b] of Object.entries(version.benchmark ?? {})) {
    const s = measured.metrics[metric];
    const empty = { benchmark: b ?? null, shadow: null, gap: null, lower: null, upper: null, coverageAtLeast: null };
    if (b === null || b === undefined) {
      entries.push({ metric, ...empty, reason: "no benchmark value for this metric" });
      continue;
    }
    if (s === undefined) {
      entries.push({ metric, ...empty, reason: "this metric is not measured in shadow for this task" });
      continue;
    }
    if (s.value === null || s.lower === null || s.upper === null) {
      entries.push({ metric, ...empty, reason: `no shadow value with an interval: ${s.reason ?? "unknown"}` });
      continue;
    }
    entries.push({
      metric,
      benchmark: b,
      shadow: { value: s.value, lower: s.lower, upper: s.upper, level: s.level },
      gap: b.value - s.value,
      lower: b.lower - s.upper,
      upper: b.upper - s.lower,
      coverageAtLeast: Math.max(0, b.level + s.level - 1),
      reason: null,
    });
  }
  return { modelVersionId: version.modelVersionId, role: version.role, metrics: entries };
}
