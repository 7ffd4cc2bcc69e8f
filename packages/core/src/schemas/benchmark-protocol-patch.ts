import type { z } from "zod";
import { type BenchmarkProtocol, benchmarkProtocolFields } from "./benchmark-protocol-schema.ts";

const f = benchmarkProtocolFields;

/**
 * A revision of a protocol: every field optional, and `null` removes an optional part
 * (costs, holdout; a null threshold goes back to the default). A field given replaces the
 * old one whole (a `confidence` without `resamples` gets the default resamples).
 */
export const benchmarkProtocolPatchFields = {
  task: f.task.unwrap().optional(),
  split: f.split.optional(),
  metrics: f.metrics,
  threshold: f.threshold.nullable(),
  sliceColumns: f.sliceColumns.unwrap().optional(),
  costs: f.costs.nullable(),
  stress: f.stress.unwrap().optional(),
  confidence: f.confidence.unwrap().optional(),
  holdout: f.holdout.nullable(),
  seed: f.seed.optional(),
};

export type BenchmarkProtocolPatch = z.input<z.ZodObject<typeof benchmarkProtocolPatchFields>>;

/**
 * The protocol a revision asks for, as input for `benchmarkProtocolSchema` (which checks it).
 * Fields the patch leaves out are carried from `base`; when the task changes, the fields tied
 * to the old task (metrics, threshold, costs) are not carried: they come from the patch or the
 * new task's defaults.
 */
export function applyBenchmarkProtocolPatch(base: BenchmarkProtocol, patch: BenchmarkProtocolPatch): unknown {
  const taskChanged = patch.task !== undefined && patch.task !== base.task;
  const pick = <K extends keyof BenchmarkProtocolPatch & keyof BenchmarkProtocol>(key: K, tiedToTask = false) => {
    const value = patch[key];
    if (value === null) return undefined;
    if (value !== undefined) return value;
    return tiedToTask && taskChanged ? undefined : base[key];
  };
  const merged = {
    task: patch.task ?? base.task,
    split: pick("split"),
    metrics: pick("metrics", true),
    threshold: pick("threshold", true),
    sliceColumns: pick("sliceColumns"),
    costs: pick("costs", true),
    stress: pick("stress"),
    confidence: pick("confidence"),
    holdout: pick("holdout"),
    seed: pick("seed"),
  };
  // Absent, not undefined: the protocol's defaults apply and no key is left holding nothing.
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}
