// Interleaved repetitions: warm-up runs of both sides first (discarded), then
// TS, reference, TS, reference… so a change in machine load hits both sides alike.

/** One repetition of one side: the figure (seconds or bytes) and what was computed. */
export interface Sample<T = unknown> {
  figure: number;
  /** CPU seconds (user + system) of the measuring process, where it was measured. */
  cpu?: number;
  result: T;
}

export interface InterleaveOptions<A, B> {
  warmup: number;
  reps: number;
  ts: () => Promise<Sample<A>> | Sample<A>;
  reference: () => Promise<Sample<B>> | Sample<B>;
}

export interface Interleaved<A, B> {
  ts: Sample<A>[];
  reference: Sample<B>[];
}

export async function interleave<A, B>(options: InterleaveOptions<A, B>): Promise<Interleaved<A, B>> {
  for (let i = 0; i < options.warmup; i++) {
    await options.ts();
    await options.reference();
  }
  const out: Interleaved<A, B> = { ts: [], reference: [] };
  for (let i = 0; i < options.reps; i++) {
    out.ts.push(await options.ts());
    out.reference.push(await options.reference());
  }
  return out;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * Times one synchronous call in this process, after a full GC (node --expose-gc) so the
 * previous repetition's garbage is not billed to this one.
 */
export function timeCall<T>(fn: () => T): Sample<T> {
  collectGarbage?.();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = fn();
  const figure = (performance.now() - start) / 1000;
  const cpuUsed = process.cpuUsage(cpuStart);
  return { figure, cpu: (cpuUsed.user + cpuUsed.system) / 1e6, result };
}

/** Wall and CPU figures of both sides, for measuredRow (CPU only when every sample has it). */
export function sidesOf<A, B>(
  runs: Interleaved<A, B>,
): {
  ts: number[];
  reference: number[];
  tsCpu?: number[];
  referenceCpu?: number[];
} {
  const cpu = (samples: Sample[]) =>
    samples.every((s) => s.cpu !== undefined) ? samples.map((s) => s.cpu as number) : undefined;
  return {
    ts: runs.ts.map((s) => s.figure),
    reference: runs.reference.map((s) => s.figure),
    tsCpu: cpu(runs.ts),
    referenceCpu: cpu(runs.reference),
  };
}

export function gcAvailable(): boolean {
  return collectGarbage !== undefined;
}
