import {
  type BenchmarkProtocol,
  type HOLDOUT_MECHANISMS,
  type PerturbationKind,
  type PerturbationSpec,
  type SplitKind,
  TASK_METRICS,
  type Task,
} from "@fieldtest/core";
import type { RouterInputs } from "~/server/api/root";

/**
 * A benchmark protocol as the form edits it: every number as the text typed, so the server's
 * schema (core's benchmarkProtocolSchema) judges it and names the field, never the browser.
 */
export interface PerturbationDraft {
  key: string;
  kind: PerturbationKind;
  /** Comma-separated column names; empty = every column the perturbation applies to. */
  columns: string;
  factor: string;
  rate: string;
  operation: "add_std" | "multiply";
  amount: string;
}

export interface ScenarioDraft {
  key: string;
  name: string;
  perturbations: PerturbationDraft[];
}

export interface ProtocolDraft {
  task: Task;
  splitKind: SplitKind;
  testFraction: string;
  cutoff: string;
  folds: string;
  testWindowUnit: "days" | "rows";
  testWindow: string;
  trainWindow: "expanding" | "sliding";
  trainWindowDays: string;
  gapDays: string;
  /** Empty: the server draws one (create only). */
  seed: string;
  metrics: string[];
  threshold: string;
  sliceColumns: string[];
  costsEnabled: boolean;
  costs: { fp: string; fn: string; tp: string; tn: string };
  level: string;
  resamples: string;
  holdoutEnabled: boolean;
  holdoutFraction: string;
  holdoutBudget: string;
  holdoutMechanism: (typeof HOLDOUT_MECHANISMS)[number];
  stress: ScenarioDraft[];
}

let nextKey = 0;
const newKey = () => `k${++nextKey}`;

export function newPerturbation(kind: PerturbationKind = "gaussian_noise"): PerturbationDraft {
  return { key: newKey(), kind, columns: "", factor: "0.5", rate: "0.1", operation: "add_std", amount: "1" };
}

export function newScenario(index: number): ScenarioDraft {
  return { key: newKey(), name: `Scenario ${index + 1}`, perturbations: [newPerturbation()] };
}

/** A new protocol for a dataset version: temporal when it has a timestamp column, every metric of the task. */
export function defaultDraft(options: { hasTimestamp: boolean; sliceColumns?: string[] }): ProtocolDraft {
  return {
    task: "binary_classification",
    splitKind: options.hasTimestamp ? "temporal" : "random",
    testFraction: "0.2",
    cutoff: "",
    folds: "4",
    testWindowUnit: "days",
    testWindow: "7",
    trainWindow: "expanding",
    trainWindowDays: "90",
    gapDays: "0",
    seed: "",
    metrics: [...TASK_METRICS.binary_classification],
    threshold: "0.5",
    sliceColumns: options.sliceColumns ?? [],
    costsEnabled: false,
    costs: { fp: "1", fn: "1", tp: "", tn: "" },
    level: "0.95",
    resamples: "1000",
    holdoutEnabled: false,
    holdoutFraction: "0.2",
    holdoutBudget: "100",
    holdoutMechanism: "thresholdout",
    stress: [],
  };
}

const text = (n: number | undefined) => (n === undefined ? "" : String(n));

/** The draft of an existing protocol (the "Edit (new version)" form starts from it). */
export function draftFromProtocol(protocol: BenchmarkProtocol): ProtocolDraft {
  const base = defaultDraft({ hasTimestamp: protocol.split.kind !== "random" });
  const { split } = protocol;
  return {
    ...base,
    task: protocol.task,
    splitKind: split.kind,
    ...(split.kind === "random" ? { testFraction: text(split.testFraction) } : {}),
    ...(split.kind === "temporal" ? { cutoff: split.cutoff } : {}),
    ...(split.kind === "rolling"
      ? {
          folds: text(split.folds),
          testWindowUnit: "rows" in split.testWindow ? "rows" : "days",
          testWindow: text("rows" in split.testWindow ? split.testWindow.rows : split.testWindow.days),
          trainWindow: split.trainWindow === "expanding" ? "expanding" : "sliding",
          trainWindowDays: split.trainWindow === "expanding" ? base.trainWindowDays : text(split.trainWindow.days),
          gapDays: text(split.gap.days),
        }
      : {}),
    seed: text(protocol.seed),
    metrics: [...protocol.metrics],
    threshold: text(protocol.threshold ?? 0.5),
    sliceColumns: [...protocol.sliceColumns],
    costsEnabled: protocol.costs !== undefined,
    costs: protocol.costs
      ? {
          fp: text(protocol.costs.fp),
          fn: text(protocol.costs.fn),
          tp: text(protocol.costs.tp),
          tn: text(protocol.costs.tn),
        }
      : base.costs,
    level: text(protocol.confidence.level),
    resamples: text(protocol.confidence.resamples),
    holdoutEnabled: protocol.holdout !== undefined,
    holdoutFraction: protocol.holdout ? text(protocol.holdout.fraction) : base.holdoutFraction,
    holdoutBudget: protocol.holdout ? text(protocol.holdout.queryBudget) : base.holdoutBudget,
    holdoutMechanism: protocol.holdout?.mechanism ?? base.holdoutMechanism,
    stress: protocol.stress.map((scenario) => ({
      key: newKey(),
      name: scenario.name,
      perturbations: scenario.perturbations.map(perturbationDraft),
    })),
  };
}

function perturbationDraft(spec: PerturbationSpec): PerturbationDraft {
  const draft = { ...newPerturbation(spec.kind), columns: (spec.columns ?? []).join(", ") };
  if (spec.kind === "gaussian_noise") return { ...draft, factor: text(spec.factor) };
  if (spec.kind === "shift") return { ...draft, operation: spec.operation, amount: text(spec.amount) };
  return { ...draft, rate: text(spec.rate) };
}

/** A typed number, or undefined when empty (NaN for text that is not a number: the server says so). */
const num = (value: string): number | undefined => (value.trim() === "" ? undefined : Number(value));

function perturbationInput(p: PerturbationDraft) {
  const names = p.columns
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "");
  const columns = names.length > 0 ? { columns: names } : {};
  if (p.kind === "gaussian_noise") return { kind: p.kind, ...columns, factor: num(p.factor) };
  if (p.kind === "shift") return { kind: p.kind, ...columns, operation: p.operation, amount: num(p.amount) };
  return { kind: p.kind, ...columns, rate: num(p.rate) };
}

function splitInput(draft: ProtocolDraft) {
  if (draft.splitKind === "random") return { kind: "random" as const, testFraction: num(draft.testFraction) };
  if (draft.splitKind === "temporal") return { kind: "temporal" as const, cutoff: draft.cutoff };
  return {
    kind: "rolling" as const,
    folds: num(draft.folds),
    testWindow: draft.testWindowUnit === "rows" ? { rows: num(draft.testWindow) } : { days: num(draft.testWindow) },
    trainWindow: draft.trainWindow === "expanding" ? ("expanding" as const) : { days: num(draft.trainWindowDays) },
    gap: { days: num(draft.gapDays) ?? 0 },
  };
}

/**
 * The protocol fields the draft asks for, for benchmark.create (absent parts left out) or
 * benchmark.revise (`removed: null`, so a part switched off in the form is removed from the
 * new version). Values are unchecked: the server validates and names any wrong field.
 */
export function protocolInputFromDraft(draft: ProtocolDraft, removed: null | undefined): ProtocolInput {
  const binary = draft.task === "binary_classification";
  const costs = binary && draft.costsEnabled ? draft.costs : null;
  const input = {
    task: draft.task,
    split: splitInput(draft),
    seed: num(draft.seed),
    metrics: draft.metrics,
    threshold: binary ? num(draft.threshold) : removed,
    sliceColumns: draft.sliceColumns,
    costs: costs ? { fp: num(costs.fp), fn: num(costs.fn), tp: num(costs.tp), tn: num(costs.tn) } : removed,
    confidence: { level: num(draft.level), resamples: num(draft.resamples) },
    holdout: draft.holdoutEnabled
      ? {
          fraction: num(draft.holdoutFraction),
          queryBudget: num(draft.holdoutBudget),
          mechanism: draft.holdoutMechanism,
        }
      : removed,
    stress: draft.stress.map((s) => ({ name: s.name, perturbations: s.perturbations.map(perturbationInput) })),
  };
  // Numbers may be missing or NaN here: the server's schema refuses them, naming the field.
  return input as ProtocolInput;
}

/** The protocol part of benchmark.create's input (revise takes the same, with null removing a part). */
export type ProtocolInput = Omit<RouterInputs["benchmark"]["create"], "name" | "description" | "datasetVersionId">;
