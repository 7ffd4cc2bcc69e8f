import { formatHours, formatInterval, formatNumber, formatPercent, plural } from "./format-text.ts";
import type { GateComparator } from "./gate-metric.ts";
import type { GateItemResult, GateResult, GateStatus } from "./gate-result.ts";
import type { EvidenceBlock, EvidenceEstimate, ReadinessEvidence } from "./readiness-evidence.ts";

/** What every gate evaluator sees. */
export interface GateContext {
  evidence: ReadinessEvidence;
  nowMs: number;
  maxEvidenceAgeHours: number | undefined;
}

/** A gate's result without the parts `evaluateGates` adds (id, kind, description). */
export type GateOutcome = Omit<GateResult, "id" | "kind" | "description">;

export interface Judgement {
  status: GateStatus;
  reason: string;
}

/** Slack when comparing an evidence level with a gate level (0.95 computed as 0.9499999999). */
const LEVEL_TOLERANCE = 1e-9;

/**
 * The interval rule: pass only when the whole interval satisfies `comparator threshold`,
 * fail only when the whole interval violates it, otherwise (it straddles) insufficient.
 * At the threshold counts as satisfying (`≥` and `≤` are inclusive).
 */
export function judgeInterval(
  interval: readonly [number, number],
  comparator: GateComparator,
  threshold: number,
): Judgement {
  const [lower, upper] = interval;
  const shown = `interval ${formatInterval(interval, threshold)}`;
  const t = formatNumber(threshold);
  const lies = (where: string) => `${shown} lies entirely ${where} ${t}`;
  if (comparator === ">=") {
    if (lower >= threshold) return { status: "pass", reason: lies(lower === threshold ? "at or above" : "above") };
    if (upper < threshold) return { status: "fail", reason: lies("below") };
  } else {
    if (upper <= threshold) return { status: "pass", reason: lies(upper === threshold ? "at or below" : "below") };
    if (lower > threshold) return { status: "fail", reason: lies("above") };
  }
  return { status: "insufficient_evidence", reason: `${shown} straddles ${t}; more evidence is needed to decide` };
}

/** A point rule for quantities without an interval (latency, drift, counts), after their minimum n. */
export function judgePoint(
  value: number,
  comparator: GateComparator,
  threshold: number,
  describe: (formatted: string) => string,
): Judgement {
  const shown = describe(formatNumber(value, { distinctFrom: threshold }));
  const t = formatNumber(threshold);
  const satisfies = comparator === ">=" ? value >= threshold : value <= threshold;
  if (satisfies) return { status: "pass", reason: `${shown} ${comparator === ">=" ? "≥" : "≤"} ${t}` };
  return { status: "fail", reason: `${shown} ${comparator === ">=" ? "<" : ">"} ${t}` };
}

export interface EstimateRequirement {
  minN: number;
  confidenceLevel: number;
  /** Shadow metric gates: the interval must be a confidence sequence. */
  anytimeValid: boolean;
  /** What n counts, singular ("labelled shadow event"). */
  nNoun: string;
}

export type EstimateCheck = { ok: true; interval: readonly [number, number] } | { ok: false; reason: string };

/**
 * Whether an EvidenceEstimate may be judged by a gate: present, enough n, an interval that is well
 * formed, at least as confident as the gate, and anytime-valid where required.
 */
export function checkEstimate(
  estimate: EvidenceEstimate | undefined,
  what: string,
  req: EstimateRequirement,
): EstimateCheck {
  if (estimate === undefined || estimate === null) return { ok: false, reason: `no ${what} in the evidence` };
  const { n, interval, level } = estimate;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
    return { ok: false, reason: `${what} has no valid n (${String(n)})` };
  }
  if (n < req.minN) return { ok: false, reason: shortOf(n, req.minN, req.nNoun) };
  if (interval === undefined || interval === null) {
    return { ok: false, reason: `${what} has no interval; a point estimate alone cannot decide` };
  }
  const [lower, upper] = interval;
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || lower > upper) {
    return { ok: false, reason: `${what} has a malformed interval [${String(lower)}, ${String(upper)}]` };
  }
  if (typeof level !== "number" || !(level >= req.confidenceLevel - LEVEL_TOLERANCE)) {
    const got =
      typeof level === "number" && Number.isFinite(level) ? `${formatPercent(level)} confidence` : "no stated level";
    return {
      ok: false,
      reason: `${what} interval is at ${got}; the gate needs at least ${formatPercent(req.confidenceLevel)}`,
    };
  }
  if (req.anytimeValid && estimate.intervalKind !== "anytime_valid") {
    return {
      ok: false,
      reason: `${what} interval is fixed-sample; shadow evidence is re-checked as labels arrive, so the gate needs an anytime-valid interval (confidence sequence)`,
    };
  }
  return { ok: true, interval };
}

/** "only 1,204 of 5,000 required labelled shadow events". */
export function shortOf(n: number, required: number, noun: string): string {
  const count = (x: number) => formatNumber(x, { minDecimals: 0 });
  return `only ${count(n)} of ${count(required)} required ${required === 1 ? noun : `${noun}s`}`;
}

/**
 * Whether an evidence block exists and, when the policy bounds evidence age, is fresh.
 * Returns the reason it cannot be used, or null.
 */
export function blockProblem(block: EvidenceBlock | undefined, name: string, ctx: GateContext): string | null {
  if (block === undefined || block === null) return `no ${name} evidence`;
  if (ctx.maxEvidenceAgeHours === undefined) return null;
  const asOfMs = Date.parse(block.asOf);
  if (Number.isNaN(asOfMs))
    return `${name} evidence has no valid asOf time ("${String(block.asOf)}"), so its age is unknown`;
  const ageHours = (ctx.nowMs - asOfMs) / 3_600_000;
  if (ageHours > ctx.maxEvidenceAgeHours) {
    return `${name} evidence is ${formatHours(ageHours)} old (as of ${block.asOf}); the policy accepts at most ${formatHours(ctx.maxEvidenceAgeHours)}`;
  }
  return null;
}

export function runIdsOf(block: EvidenceBlock | undefined): string[] {
  return block?.runIds === undefined ? [] : [...block.runIds];
}

/** An empty outcome to fill in: nothing observed yet. */
export function outcome(partial: Partial<GateOutcome> & Pick<GateOutcome, "status" | "reason">): GateOutcome {
  return {
    observed: null,
    interval: null,
    threshold: null,
    comparator: null,
    evidenceN: null,
    baseline: null,
    runIds: [],
    ...partial,
  };
}

/** Finite number or null (NaN and ±∞ are not observations a report can show). */
export function finiteOrNull(x: number | undefined | null): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

export function intervalOrNull(interval: readonly [number, number] | null | undefined): [number, number] | null {
  return interval === undefined || interval === null ? null : [interval[0], interval[1]];
}

/** A judged item plus how far it is from failing (its conservative side minus the threshold, signed so negative is worse). */
export interface JudgedItem extends GateItemResult {
  slack: number;
}

/**
 * A gate over several items (features, stress tests, slices): fail if any fails, else
 * insufficient if any is (or there are none), else pass. The deciding item is the worst
 * one with the gate's status; its numbers become the gate's.
 */
export function aggregateItems(
  items: JudgedItem[],
  noun: string,
): { judgement: Judgement; decisive: JudgedItem | null } {
  if (items.length === 0) {
    return { judgement: { status: "insufficient_evidence", reason: `no ${noun}s to judge` }, decisive: null };
  }
  const status: GateStatus = items.some((item) => item.status === "fail")
    ? "fail"
    : items.some((item) => item.status === "insufficient_evidence")
      ? "insufficient_evidence"
      : "pass";
  const withStatus = items.filter((item) => item.status === status);
  const decisive = withStatus.reduce((worst, item) => (rank(item) < rank(worst) ? item : worst));
  const count = withStatus.length;
  const head =
    status === "pass"
      ? `all ${plural(items.length, noun)} pass; worst ${decisive.label}`
      : `${count} of ${plural(items.length, noun)} ${status === "fail" ? "fail" : "insufficient"}; ${count === 1 ? "" : "worst "}${decisive.label}`;
  return { judgement: { status, reason: `${head}: ${decisive.reason}` }, decisive };
}

/** Items without numbers (missing evidence) rank as worst, so the reason names what is missing. */
function rank(item: JudgedItem): number {
  return Number.isNaN(item.slack) ? Number.NEGATIVE_INFINITY : item.slack;
}

export function toItemResult(item: JudgedItem): GateItemResult {
  const { slack: _slack, ...result } = item;
  return result;
}
