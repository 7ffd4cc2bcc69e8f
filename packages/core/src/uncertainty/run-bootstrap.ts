import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { MetricUndefinedError } from "../metrics/metric-undefined-error.ts";
import { seedToUint64, splitMix64 } from "../random/splitmix64.ts";
import { percentileInterval, validateLevel } from "./percentile.ts";
import { normalQuantile } from "./special-functions.ts";

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_LEVEL = 0.95;
/** Redraws allowed per replicate before it is given up (and counted in `dropped`). */
export const DEFAULT_MAX_REDRAWS = 100;
const MAX_RESAMPLES = 10_000_000;

/** Options every bootstrap shares. */
export interface BootstrapSettings {
  /** Master seed; replicate b uses the b-th SplitMix64 output of it (STATISTICS.md §6). */
  seed: number | bigint;
  /** Number of replicates B (default 1000). */
  resamples?: number;
  /** Confidence level of the percentile interval (default 0.95). */
  level?: number;
  /**
   * How many times one replicate may be drawn again when the statistic is undefined on
   * its resample (e.g. a single class for roc_auc); default 100. A replicate still
   * undefined after that is dropped and counted in `dropped`.
   */
  maxRedraws?: number;
}

/** A percentile bootstrap interval and how it was obtained. */
export interface BootstrapInterval {
  /** The statistic on the full rows (not a bootstrap mean). */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  /** Replicates requested (B). */
  resamples: number;
  /** Replicates with a defined value (B′), over which the percentiles are taken. */
  valid: number;
  /** Resamples drawn again because the statistic was undefined on them. */
  redraws: number;
  /** Replicates given up after `maxRedraws` redraws (B − B′). */
  dropped: number;
  /** The valid replicate values, ascending. */
  replicates: Float64Array;
}

/**
 * Starts replicate b's random stream from its seed and returns the attempt function: each
 * call draws one resample from that stream and returns the statistic on it, or NaN when it
 * is undefined there (the runner then calls again: the same stream, drawn again).
 */
export type StartReplicate = (seed: bigint) => () => number;

interface ResolvedSettings {
  seed: number | bigint;
  resamples: number;
  level: number;
  maxRedraws: number;
}

export function resolveSettings(settings: BootstrapSettings): ResolvedSettings {
  const { seed, resamples = DEFAULT_RESAMPLES, level = DEFAULT_LEVEL, maxRedraws = DEFAULT_MAX_REDRAWS } = settings;
  if (!Number.isInteger(resamples) || resamples < 1 || resamples > MAX_RESAMPLES) {
    throw new InvalidInputError(`resamples must be an integer in [1, ${MAX_RESAMPLES}], got ${String(resamples)}`);
  }
  validateLevel(level);
  if (!Number.isInteger(maxRedraws) || maxRedraws < 0) {
    throw new InvalidInputError(`maxRedraws must be a non-negative integer, got ${String(maxRedraws)}`);
  }
  seedToUint64(seed); // refuses a bad seed before any work is done
  return { seed, resamples, level, maxRedraws };
}

/**
 * Starts replicate b's stream for a bootstrap of several statistics on one resample: each
 * call of the attempt draws one resample, writes every statistic into `out` (one slot per
 * statistic) and returns false when any of them is undefined there (the runner then calls
 * again: the same stream, drawn again).
 */
export type StartSuiteReplicate = (seed: bigint) => (out: Float64Array) => boolean;

/** A bootstrap interval whose replicate values are kept only on request. */
export type SuiteInterval = Omit<BootstrapInterval, "replicates"> & { replicates?: Float64Array };

/**
 * Runs B replicates, each on its own generator seeded with the b-th SplitMix64 output of
 * the master seed, so replicate b's value never depends on the others (or on the order
 * they run in). Returns the percentile interval of the valid replicates around `estimate`.
 */
export function runBootstrap(
  settings: ResolvedSettings,
  estimate: number,
  startReplicate: StartReplicate,
  label: string,
): BootstrapInterval {
  const [interval] = runSuiteBootstrap({
    settings,
    estimates: [estimate],
    startReplicate: (seed) => {
      const attempt = startReplicate(seed);
      return (out) => {
        const value = attempt();
        out[0] = value;
        return !Number.isNaN(value);
      };
    },
    label,
    keepReplicates: true,
  });
  return interval as BootstrapInterval;
}

/**
 * `runBootstrap` for several statistics read from the same resamples (one per estimate):
 * a replicate counts only when every statistic is defined on its resample; otherwise it
 * is drawn again, and `redraws` and `dropped` count per replicate, so all statistics
 * report the same numbers and are taken over the same B′ resamples.
 */
export function runSuiteBootstrap(options: {
  settings: ResolvedSettings;
  estimates: readonly number[];
  startReplicate: StartSuiteReplicate;
  label: string;
  keepReplicates?: boolean;
  /**
   * "percentile" (default): the replicates' quantiles. "normal": estimate ± z_{1−α/2}·SD of the
   * replicates (Efron's standard bootstrap interval), for levels so close to 1 that B replicates
   * cannot resolve the tails (α/2 < 1/B), e.g. an alpha-spent level at a late look.
   */
  interval?: "percentile" | "normal";
}): SuiteInterval[] {
  const { settings, estimates, startReplicate, label, keepReplicates = false, interval: kind = "percentile" } = options;
  const { resamples, level, maxRedraws } = settings;
  const width = estimates.length;
  const seeds = splitMix64(settings.seed, resamples);
  // Statistic-major, so each statistic's values are one contiguous run to sort in place.
  const values = new Float64Array(width * resamples);
  const out = new Float64Array(width);
  let valid = 0;
  let redraws = 0;
  for (let b = 0; b < resamples; b++) {
    const attempt = startReplicate(seeds[b] as bigint);
    for (let redraw = 0; ; redraw++) {
      if (attempt(out)) {
        for (let j = 0; j < width; j++) values[j * resamples + valid] = out[j] as number;
        valid++;
        break;
      }
      if (redraw === maxRedraws) break;
      redraws++;
    }
  }
  if (valid === 0) {
    throw new MetricUndefinedError(
      `${label}: undefined on every resample (${resamples} replicates, ${redraws} redraws); no interval`,
      { metric: label },
    );
  }
  return estimates.map((estimate, j) => {
    const sorted = values.subarray(j * resamples, j * resamples + valid).sort();
    const [lower, upper] =
      kind === "normal" ? normalInterval(sorted, estimate, level) : percentileInterval(sorted, level);
    const interval: SuiteInterval = {
      estimate,
      lower,
      upper,
      level,
      resamples,
      valid,
      redraws,
      dropped: resamples - valid,
    };
    if (keepReplicates) interval.replicates = sorted.slice();
    return interval;
  });
}

/** estimate ± z_{1−(1−level)/2} × the sample SD (n − 1) of the replicates. */
function normalInterval(replicates: Float64Array, estimate: number, level: number): [number, number] {
  const n = replicates.length;
  if (n < 2) return [estimate, estimate];
  let mean = 0;
  for (let i = 0; i < n; i++) mean += replicates[i] as number;
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((replicates[i] as number) - mean) ** 2;
  const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(squares / (n - 1));
  return [estimate - half, estimate + half];
}

/** Calls `fn`, mapping "undefined here" (MetricUndefinedError, NaN) to NaN; other errors propagate. */
export function valueOrNaN(fn: () => number): number {
  try {
    return fn();
  } catch (error) {
    if (error instanceof MetricUndefinedError) return Number.NaN;
    throw error;
  }
}
