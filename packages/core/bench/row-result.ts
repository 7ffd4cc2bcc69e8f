import { formatRatio, median, type Verdict, verdict } from "./stats.ts";

/** One printed row: what each side times, the medians, and the verdict against the target. */
export interface RowResult {
  id: string;
  name: string;
  /** Exactly what the TypeScript side measures. */
  tsTimes: string;
  /** Exactly what the reference side measures (or the fixed figure it compares against). */
  referenceTimes: string;
  n: number;
  reps: number;
  unit: "seconds" | "bytes";
  tsMedian: number | null;
  referenceMedian: number | null;
  /** tsMedian / referenceMedian: the figure judged against the target. */
  ratio: number | null;
  /**
   * Median CPU time (user + system of the measuring process) TS over reference, for the
   * in-process rows: less sensitive than wall time to other processes on a shared machine.
   */
  cpuRatio: number | null;
  /** Highest passing ratio; null for an informational row. */
  target: number | null;
  verdict: Verdict;
  /** Agreement of the two sides' results, extrapolations, spread, caveats. */
  notes: string[];
  samples: { ts: number[]; reference: number[]; tsCpu?: number[]; referenceCpu?: number[] };
}

export interface RowSpec {
  id: string;
  name: string;
  tsTimes: string;
  referenceTimes: string;
  n: number;
  unit?: "seconds" | "bytes";
  target: number | null;
}

/** The repetitions of both sides: wall figures (seconds or bytes) and, where measured, CPU seconds. */
export interface Sides {
  ts: number[];
  reference: number[];
  tsCpu?: number[];
  referenceCpu?: number[];
}

/** "pair ratios 0.036–0.081": TS_i / ref_i of the interleaved pairs, so noise is visible. */
export function pairRatioSpread(ts: readonly number[], reference: readonly number[]): string {
  const ratios = ts.map((t, i) => t / (reference[i] as number));
  return `ratio of each interleaved pair ${formatRatio(Math.min(...ratios))}–${formatRatio(Math.max(...ratios))}`;
}

/** A measured row from its spec and the samples of both sides. */
export function measuredRow(spec: RowSpec, sides: Sides, notes: string[] = []): RowResult {
  const tsMedian = median(sides.ts);
  const referenceMedian = median(sides.reference);
  const ratio = tsMedian / referenceMedian;
  const cpuRatio =
    sides.tsCpu !== undefined && sides.referenceCpu !== undefined
      ? median(sides.tsCpu) / median(sides.referenceCpu)
      : null;
  const spread = sides.ts.length > 1 ? [pairRatioSpread(sides.ts, sides.reference)] : [];
  return {
    ...spec,
    unit: spec.unit ?? "seconds",
    reps: sides.ts.length,
    tsMedian,
    referenceMedian,
    ratio,
    cpuRatio,
    verdict: verdict(ratio, spec.target),
    notes: [...notes, ...spread],
    samples: sides,
  };
}

/** A row that could not be measured, with the reason in place of figures. */
export function skippedRow(spec: RowSpec, reason: string): RowResult {
  return {
    ...spec,
    unit: spec.unit ?? "seconds",
    reps: 0,
    tsMedian: null,
    referenceMedian: null,
    ratio: null,
    cpuRatio: null,
    verdict: "skipped",
    notes: [`skipped: ${reason}`],
    samples: { ts: [], reference: [] },
  };
}
