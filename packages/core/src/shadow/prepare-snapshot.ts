import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { DEFAULT_THRESHOLD } from "../metrics/binary-evaluation.ts";
import { computeTopLabel } from "../metrics/multiclass/top-label.ts";
import { validateThreshold } from "../metrics/validate-binary-inputs.ts";
import { DEFAULT_LEVEL } from "../uncertainty/run-bootstrap.ts";
import { alphaSpentAtLook } from "./alpha-spending.ts";
import {
  SHADOW_CALL_STATUS,
  type ShadowCounts,
  type ShadowRole,
  type ShadowSnapshotInput,
  type ShadowTask,
  type ShadowVersionInput,
} from "./types.ts";

/** CBPE interval replicates unless the input says otherwise (see `labelFreeResamples`). */
export const DEFAULT_LABEL_FREE_RESAMPLES = 200;

/** One version's columns restricted to the matched and to the labelled matched events (in event order). */
export interface PreparedVersion {
  id: string;
  role: ShadowRole;
  input: ShadowVersionInput;
  /** Binary: score; regression: value; multiclass: top-label probability. Per matched event. */
  matchedScores: Float64Array;
  /** Multiclass: argmax per matched event (ties to the lowest class, as numpy). */
  matchedPredicted: Int32Array | null;
  /** Binary/regression: per labelled matched event. Multiclass: top-label probability. */
  labelledScores: Float64Array;
  /** Multiclass: K probability columns over the labelled matched events; null otherwise. */
  labelledColumns: Float64Array[] | null;
  labelledPredicted: Int32Array | null;
}

export interface PreparedSnapshot {
  task: ShadowTask;
  events: number;
  classCount: number;
  level: number;
  alpha: number;
  alphaSpent: number;
  look: number;
  threshold: number;
  resamples: number | undefined;
  seed: number | bigint;
  labelFreeResamples: number;
  /** Event indices of the matched events, in order. */
  matched: Int32Array;
  /** Event indices of the labelled matched events, in order. */
  labelled: Int32Array;
  /** Labels of the labelled matched events (multiclass: class index as a number). */
  labelledLabels: Float64Array;
  /** Per event: 1 when it has a label. */
  hasLabel: Uint8Array;
  versions: PreparedVersion[];
  champion: PreparedVersion;
  challengers: PreparedVersion[];
  counts: ShadowCounts;
}

/** Validates the input (InvalidInputError naming the field) and restricts every column to the matched / labelled events. */
export function prepareSnapshot(input: ShadowSnapshotInput): PreparedSnapshot {
  const { task, eventTimeMs, look, nowMs } = input;
  if (task !== "binary_classification" && task !== "multiclass_classification" && task !== "regression") {
    throw new InvalidInputError(
      `task must be binary_classification, multiclass_classification or regression, got ${String(task)}`,
    );
  }
  if (!(eventTimeMs instanceof Float64Array)) throw new InvalidInputError("eventTimeMs must be a Float64Array");
  const n = eventTimeMs.length;
  for (let i = 0; i < n; i++) {
    const t = eventTimeMs[i] as number;
    if (!Number.isFinite(t)) throw new InvalidInputError(`eventTimeMs[${i}] must be finite, got ${t}`);
    if (i > 0 && t < (eventTimeMs[i - 1] as number)) {
      throw new InvalidInputError(
        `eventTimeMs must be non-decreasing (the fixed recorded order: event time, then eventId); eventTimeMs[${i}] < eventTimeMs[${i - 1}]`,
      );
    }
  }
  if (!Number.isInteger(look) || look < 1)
    throw new InvalidInputError(`look must be an integer ≥ 1, got ${String(look)}`);
  if (typeof nowMs !== "number" || !Number.isFinite(nowMs))
    throw new InvalidInputError("nowMs must be a finite number");
  const level = input.level ?? DEFAULT_LEVEL;
  if (typeof level !== "number" || !(level > 0 && level < 1)) {
    throw new InvalidInputError(`level must be strictly between 0 and 1, got ${String(level)}`);
  }
  const alpha = 1 - level;
  const threshold = task === "binary_classification" ? (input.threshold ?? DEFAULT_THRESHOLD) : DEFAULT_THRESHOLD;
  if (task === "binary_classification") validateThreshold(threshold);
  if (input.labelTimeMs !== undefined) {
    if (!(input.labelTimeMs instanceof Float64Array) || input.labelTimeMs.length !== n) {
      throw new InvalidInputError(`labelTimeMs must be a Float64Array of ${n} values (one per event)`);
    }
  }

  const classCount = task === "multiclass_classification" ? validateClasses(input.classes) : 1;
  const hasLabel = labelMask(input, n, classCount);
  const versions = input.versions as readonly ShadowVersionInput[];
  validateVersions(versions, n, classCount, task);

  const matchedMask = new Uint8Array(n).fill(1);
  const versionCounts = versions.map((v) => {
    const c = { modelVersionId: v.modelVersionId, role: v.role, ok: 0, error: 0, timeout: 0, missing: 0 };
    for (let i = 0; i < n; i++) {
      const s = v.status[i] as number;
      if (s === SHADOW_CALL_STATUS.ok) c.ok++;
      else {
        matchedMask[i] = 0;
        if (s === SHADOW_CALL_STATUS.error) c.error++;
        else if (s === SHADOW_CALL_STATUS.timeout) c.timeout++;
        else c.missing++;
      }
    }
    return c;
  });
  let matchedCount = 0;
  let labelledCount = 0;
  let labelledEvents = 0;
  for (let i = 0; i < n; i++) {
    if (hasLabel[i] === 1) labelledEvents++;
    if (matchedMask[i] === 1) {
      matchedCount++;
      if (hasLabel[i] === 1) labelledCount++;
    }
  }
  const matched = new Int32Array(matchedCount);
  const labelled = new Int32Array(labelledCount);
  const labelledLabels = new Float64Array(labelledCount);
  for (let i = 0, m = 0, l = 0; i < n; i++) {
    if (matchedMask[i] !== 1) continue;
    matched[m++] = i;
    if (hasLabel[i] === 1) {
      labelledLabels[l] = input.labels[i] as number;
      labelled[l++] = i;
    }
  }
  // Predictions are checked only where they are read: ok calls of matched events.
  const prepared = versions.map((v) => prepareVersion(v, task, classCount, matched, labelled));
  const champion = prepared.find((v) => v.role === "champion") as PreparedVersion;
  return {
    task,
    events: n,
    classCount,
    level,
    alpha,
    alphaSpent: alphaSpentAtLook(alpha, look),
    look,
    threshold,
    resamples: input.resamples,
    seed: input.seed,
    labelFreeResamples: input.labelFreeResamples ?? DEFAULT_LABEL_FREE_RESAMPLES,
    matched,
    labelled,
    labelledLabels,
    hasLabel,
    versions: prepared,
    champion,
    challengers: prepared.filter((v) => v.role === "challenger"),
    counts: { events: n, matched: matchedCount, labelled: labelledCount, labelledEvents, versions: versionCounts },
  };
}

function validateClasses(classes: readonly string[]): number {
  if (!Array.isArray(classes) || classes.length < 2)
    throw new InvalidInputError("classes must list at least 2 class names");
  if (new Set(classes).size !== classes.length) throw new InvalidInputError("classes must be distinct");
  return classes.length;
}

function labelMask(input: ShadowSnapshotInput, n: number, classCount: number): Uint8Array {
  const mask = new Uint8Array(n);
  const { labels } = input;
  if (input.task === "multiclass_classification") {
    if (!(labels instanceof Int32Array) || labels.length !== n) {
      throw new InvalidInputError(`labels must be an Int32Array of ${n} class indices (−1 = unlabelled)`);
    }
    for (let i = 0; i < n; i++) {
      const y = labels[i] as number;
      if (y < -1 || y >= classCount)
        throw new InvalidInputError(`labels[${i}] = ${y} is not a class index in −1..${classCount - 1}`);
      mask[i] = y >= 0 ? 1 : 0;
    }
    return mask;
  }
  if (!(labels instanceof Float64Array) || labels.length !== n) {
    throw new InvalidInputError(`labels must be a Float64Array of ${n} values (NaN = unlabelled)`);
  }
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    if (Number.isNaN(y)) continue;
    if (input.task === "binary_classification" ? y !== 0 && y !== 1 : !Number.isFinite(y)) {
      throw new InvalidInputError(
        `labels[${i}] = ${y} is not ${input.task === "regression" ? "finite" : "0 or 1"} (NaN = unlabelled)`,
      );
    }
    mask[i] = 1;
  }
  return mask;
}

function validateVersions(versions: readonly ShadowVersionInput[], n: number, k: number, task: ShadowTask): void {
  if (!Array.isArray(versions) || versions.length < 2) {
    throw new InvalidInputError("versions must hold the champion and at least one challenger");
  }
  const champions = versions.filter((v) => v.role === "champion").length;
  if (champions !== 1) throw new InvalidInputError(`versions must hold exactly one champion, got ${champions}`);
  const ids = new Set<string>();
  for (const [j, v] of versions.entries()) {
    const where = `versions[${j}]`;
    if (typeof v.modelVersionId !== "string" || v.modelVersionId === "") {
      throw new InvalidInputError(`${where}.modelVersionId must be a non-empty string`);
    }
    if (ids.has(v.modelVersionId))
      throw new InvalidInputError(`${where}.modelVersionId "${v.modelVersionId}" is repeated`);
    ids.add(v.modelVersionId);
    if (v.role !== "champion" && v.role !== "challenger") {
      throw new InvalidInputError(`${where}.role must be champion or challenger, got ${String(v.role)}`);
    }
    const width = task === "multiclass_classification" ? k : 1;
    if (!(v.predictions instanceof Float64Array) || v.predictions.length !== n * width) {
      throw new InvalidInputError(`${where}.predictions must be a Float64Array of ${n * width} values`);
    }
    if (!(v.status instanceof Uint8Array) || v.status.length !== n) {
      throw new InvalidInputError(`${where}.status must be a Uint8Array of ${n} values`);
    }
    for (let i = 0; i < n; i++) {
      if ((v.status[i] as number) > 3) throw new InvalidInputError(`${where}.status[${i}] must be 0, 1, 2 or 3`);
    }
    if (!(v.latencyMs instanceof Float64Array) || v.latencyMs.length !== n) {
      throw new InvalidInputError(`${where}.latencyMs must be a Float64Array of ${n} values (NaN = unknown)`);
    }
    if (v.reference !== undefined) validateReference(v, where, k, task);
  }
}

function validateReference(v: ShadowVersionInput, where: string, k: number, task: ShadowTask): void {
  const ref = v.reference as NonNullable<ShadowVersionInput["reference"]>;
  const m = ref.labels.length;
  const width = task === "multiclass_classification" ? k : 1;
  const labelType = task === "multiclass_classification" ? Int32Array : Float64Array;
  if (!(ref.labels instanceof labelType)) {
    throw new InvalidInputError(`${where}.reference.labels must be a ${labelType.name}`);
  }
  if (!(ref.predictions instanceof Float64Array) || ref.predictions.length !== m * width) {
    throw new InvalidInputError(`${where}.reference.predictions must be a Float64Array of ${m * width} values`);
  }
  for (let i = 0; i < ref.predictions.length; i++) {
    if (!Number.isFinite(ref.predictions[i] as number)) {
      throw new InvalidInputError(`${where}.reference.predictions[${i}] must be finite`);
    }
  }
}

function prepareVersion(
  v: ShadowVersionInput,
  task: ShadowTask,
  k: number,
  matched: Int32Array,
  labelled: Int32Array,
): PreparedVersion {
  const where = `predictions of ${v.modelVersionId}`;
  const p = v.predictions;
  if (task !== "multiclass_classification") {
    const matchedScores = new Float64Array(matched.length);
    for (let m = 0; m < matched.length; m++) {
      const x = p[matched[m] as number] as number;
      if (!Number.isFinite(x) || (task === "binary_classification" && !(x >= 0 && x <= 1))) {
        throw new InvalidInputError(
          `${where}: event ${matched[m]} has status ok but its prediction is ${x} (${task === "binary_classification" ? "scores must be in [0, 1]" : "values must be finite"})`,
        );
      }
      matchedScores[m] = x;
    }
    const labelledScores = new Float64Array(labelled.length);
    for (let l = 0; l < labelled.length; l++) labelledScores[l] = p[labelled[l] as number] as number;
    const base = { id: v.modelVersionId, role: v.role, input: v, matchedScores, labelledScores };
    return { ...base, matchedPredicted: null, labelledColumns: null, labelledPredicted: null };
  }
  const matchedColumns = toColumns(p, matched, k, where);
  const top = computeTopLabel(matchedColumns);
  const labelledColumns = toColumns(p, labelled, k, where);
  const labelledTop = computeTopLabel(labelledColumns);
  return {
    id: v.modelVersionId,
    role: v.role,
    input: v,
    matchedScores: top.confidence,
    matchedPredicted: top.predicted,
    labelledScores: labelledTop.confidence,
    labelledColumns,
    labelledPredicted: labelledTop.predicted,
  };
}

/** K columns of row-major n·K probabilities, restricted to `rows`. */
export function toColumns(rowMajor: Float64Array, rows: Int32Array, k: number, where: string): Float64Array[] {
  const columns = Array.from({ length: k }, () => new Float64Array(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const base = (rows[r] as number) * k;
    for (let c = 0; c < k; c++) {
      const x = rowMajor[base + c] as number;
      if (!(x >= 0 && x <= 1)) {
        throw new InvalidInputError(`${where}: event ${rows[r]} class ${c} probability is ${x}, not in [0, 1]`);
      }
      (columns[c] as Float64Array)[r] = x;
    }
  }
  return columns;
}
