// Helpers the rows share: the reference side of a row, and agreement notes.
import type { BenchContext } from "../context.ts";
import type { Sample } from "../measure.ts";
import type { ReferenceRun } from "../reference-client.ts";
import { relativeDifference } from "../stats.ts";

/** One timed run of a reference.py case (timed inside Python, imports already paid). */
export function referenceSide(
  ctx: BenchContext,
  caseName: string,
  data: string | null,
  params: Record<string, unknown> = {},
): () => Promise<Sample<ReferenceRun>> {
  return async () => {
    const run = await ctx.reference.run(caseName, data, params);
    return { figure: run.seconds, cpu: run.cpuSeconds, result: run };
  };
}

/** "roc_auc agrees with sklearn (rel. diff 2.1e-16)", or a loud DISAGREES note. */
export function agreement(what: string, ours: number, theirs: number, tolerance = 1e-9): string {
  const diff = relativeDifference(ours, theirs);
  const detail = `ours ${ours}, reference ${theirs}, rel. diff ${diff.toExponential(1)}`;
  return diff <= tolerance ? `${what} agrees (${detail})` : `${what} DISAGREES beyond ${tolerance} (${detail})`;
}

export function last<T>(samples: readonly Sample<T>[]): T {
  const sample = samples[samples.length - 1];
  if (sample === undefined) throw new Error("no samples");
  return sample.result;
}

export const figures = <T>(samples: readonly Sample<T>[]): number[] => samples.map((s) => s.figure);

/** The same figure for every repetition (a fixed budget or size to compare against). */
export const constant = <T>(samples: readonly Sample<T>[], value: number): number[] => samples.map(() => value);
