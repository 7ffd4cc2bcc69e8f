import type { GateComparator } from "./gate-metric.ts";
import type { GateKind } from "./readiness-policy-schema.ts";

export type GateStatus = "pass" | "fail" | "insufficient_evidence";

/** One judged part of a gate over several things (a drift feature, a stress test, a slice). */
export interface GateItemResult {
  label: string;
  status: GateStatus;
  observed: number | null;
  interval: [number, number] | null;
  n: number | null;
  reason: string;
}

export interface GateResult {
  id: string;
  kind: GateKind;
  /** The rule in words, e.g. "shadow roc_auc ≥ champion roc_auc − 0.01 at 95% confidence". */
  description: string;
  status: GateStatus;
  /**
   * The observed value the gate compares (for relative gates: this version − production;
   * for gates over several items: the deciding item). Null when there is none.
   */
  observed: number | null;
  interval: [number, number] | null;
  /** `observed` must be `comparator` this. */
  threshold: number | null;
  comparator: GateComparator | null;
  /** The n behind `observed` (labelled rows or events, calls, current rows, …). */
  evidenceN: number | null;
  /** Why, in words: "interval [0.81, 0.86] lies entirely above 0.80". */
  reason: string;
  /** Production's (the champion's) own value, for relative gates. */
  baseline: number | null;
  /** EvaluationRun ids of the evidence judged. */
  runIds: string[];
  /** Per feature / stress test / slice, for gates over several items. */
  items?: GateItemResult[];
}

export interface GateCounts {
  pass: number;
  fail: number;
  insufficient_evidence: number;
  total: number;
}

/** The content of a ReadinessReport: every gate of the policy, judged at `evaluatedAt`. */
export interface ReadinessEvaluation {
  /** fail if any gate fails; else insufficient_evidence if any is (or there are no gates); else pass. */
  verdict: GateStatus;
  counts: GateCounts;
  /** "1 fail · 2 insufficient · 6 pass". */
  summary: string;
  gates: GateResult[];
  evaluatedAt: string;
}
