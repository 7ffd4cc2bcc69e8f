import type { EvidenceEstimate, ShadowEvidence, SourceEvidence } from "../readiness-evidence.ts";

/** Builders for readiness tests: small, explicit evidence blocks. */

export const NOW = new Date("2025-03-01T12:00:00.000Z");
export const AS_OF = "2025-03-01T00:00:00.000Z";

/** A fixed-sample estimate at 95% with n = 2,000; the value is the midpoint unless given. */
export function est(
  interval: readonly [number, number] | null,
  overrides: Partial<EvidenceEstimate> = {},
): EvidenceEstimate {
  const value = interval === null ? 0.5 : (interval[0] + interval[1]) / 2;
  return { value, interval, level: 0.95, intervalKind: "fixed_sample", n: 2000, ...overrides };
}

/** The same, anytime-valid (a confidence sequence). */
export function cs(
  interval: readonly [number, number] | null,
  overrides: Partial<EvidenceEstimate> = {},
): EvidenceEstimate {
  return est(interval, { intervalKind: "anytime_valid", ...overrides });
}

export function benchmark(overrides: Partial<SourceEvidence> = {}): SourceEvidence {
  return { asOf: AS_OF, runIds: ["run-bench"], labelledCount: 2000, metrics: {}, ...overrides };
}

export function shadow(overrides: Partial<ShadowEvidence> = {}): ShadowEvidence {
  return { asOf: AS_OF, runIds: ["run-shadow"], labelledCount: 6000, metrics: {}, ...overrides };
}
