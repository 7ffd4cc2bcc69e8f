import { SHADOW_CALL_STATUS, type ShadowRole } from "@fieldtest/core";
import type { Task } from "../generated/prisma/enums.ts";
import type { ShadowWindow } from "./load-shadow-window.ts";

/** One version's answers as the core reads them. */
export interface ShadowColumnsVersion {
  modelVersionId: string;
  role: ShadowRole;
  /** binary: positive-class score; regression: value; multiclass: n·K row-major probabilities (classes order). */
  predictions: Float64Array;
  /** SHADOW_CALL_STATUS per event. */
  status: Uint8Array;
  latencyMs: Float64Array;
}

/** A loaded window in the core's encoding (scoreShadowSnapshot's input arrays). */
export interface ShadowWindowColumns {
  task: Task;
  /** Multiclass: the classes in column order (sorted names seen in predictions and labels); else null. */
  classes: string[] | null;
  /** binary 0/1 (NaN unlabelled); multiclass class index (−1 unlabelled); regression value (NaN unlabelled). */
  labels: Float64Array | Int32Array;
  /** Events whose current label does not fit the task (e.g. "yes" for a binary model): treated as unlabelled, and counted. */
  unusableLabels: number;
  versions: ShadowColumnsVersion[];
}

function binaryLabel(value: unknown): number {
  if (value === 0 || value === false) return 0;
  if (value === 1 || value === true) return 1;
  return Number.NaN;
}

/**
 * Converts a loaded window to the core's typed arrays for `task`. A stored prediction that does
 * not fit the task (which validated ingestion never stores) counts as an error for its version.
 */
export function shadowWindowColumns(window: ShadowWindow, task: Task): ShadowWindowColumns {
  const n = window.eventIds.length;
  let unusableLabels = 0;
  if (task === "multiclass_classification") {
    const names = new Set<string>();
    for (const v of window.versions) {
      for (const p of v.predictions) {
        if (p && typeof p === "object") for (const k of Object.keys(p)) names.add(k);
      }
    }
    const classes = [...names].sort();
    const index = new Map(classes.map((c, i) => [c, i]));
    const K = classes.length;
    const labels = new Int32Array(n).fill(-1);
    window.labels.forEach((label, i) => {
      if (label === undefined) return;
      const k =
        typeof label === "string"
          ? index.get(label)
          : typeof label === "number" && Number.isInteger(label) && label >= 0 && label < K
            ? label
            : undefined;
      if (k === undefined) unusableLabels++;
      else labels[i] = k;
    });
    const versions = window.versions.map((v) => {
      const predictions = new Float64Array(n * K);
      const status = statusOf(v, (p, i) => {
        if (!p || typeof p !== "object") return false;
        for (const [name, value] of Object.entries(p as Record<string, unknown>)) {
          const k = index.get(name);
          if (k === undefined || typeof value !== "number") return false;
          predictions[i * K + k] = value;
        }
        return true;
      });
      return { modelVersionId: v.modelVersionId, role: v.role, predictions, status, latencyMs: v.latencyMs };
    });
    return { task, classes, labels, unusableLabels, versions };
  }

  const labels = new Float64Array(n).fill(Number.NaN);
  window.labels.forEach((label, i) => {
    if (label === undefined) return;
    const y = task === "binary_classification" ? binaryLabel(label) : typeof label === "number" ? label : Number.NaN;
    if (Number.isFinite(y)) labels[i] = y;
    else unusableLabels++;
  });
  const versions = window.versions.map((v) => {
    const predictions = new Float64Array(n).fill(Number.NaN);
    const status = statusOf(v, (p, i) => {
      if (typeof p !== "number" || !Number.isFinite(p)) return false;
      if (task === "binary_classification" && !(p >= 0 && p <= 1)) return false;
      predictions[i] = p;
      return true;
    });
    return { modelVersionId: v.modelVersionId, role: v.role, predictions, status, latencyMs: v.latencyMs };
  });
  return { task, classes: null, labels, unusableLabels, versions };
}

function statusOf(
  v: ShadowWindow["versions"][number],
  accept: (prediction: unknown, i: number) => boolean,
): Uint8Array {
  const status = new Uint8Array(v.present.length);
  for (let i = 0; i < status.length; i++) {
    if (!v.present[i]) status[i] = SHADOW_CALL_STATUS.missing;
    else if (v.errors[i] === "timeout") status[i] = SHADOW_CALL_STATUS.timeout;
    else if (v.errors[i] !== null) status[i] = SHADOW_CALL_STATUS.error;
    else status[i] = accept(v.predictions[i], i) ? SHADOW_CALL_STATUS.ok : SHADOW_CALL_STATUS.error;
  }
  return status;
}
