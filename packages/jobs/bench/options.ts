// Command line of `npm run bench -w @fieldtest/jobs -- [options]` (the root `npm run bench`
// passes its arguments to the core bench and to this one, so core's options are accepted here
// and ignored).
import { parseArgs } from "node:util";

export const USAGE = `Usage: npm run bench -w @fieldtest/jobs -- [options]

Job dispatch throughput through Fieldtest's queue layer (packages/jobs: enqueueMany /
enqueue and processorFor) beside raw BullMQ (addBulk and a no-op worker), both at worker
concurrency 10, interleaved in one run against REDIS_URL under a prefix of its own.

  --quick          2,000 jobs × 3 reps per side (seconds; verdict indicative only)
  --n N            jobs per rep (default 20,000; quick 2,000)
  --reps R         timed reps per side, at least 3 (default 5; quick 3)
  -h, --help       show this help
  (--json and --python are the core bench's options: accepted and ignored here; with
  --only, which picks core sections, this bench is skipped)

Exit code 0 whenever the bench ran, even when the ratio misses its target (a measurement, not
a test); 2 when Redis cannot be reached.`;

export interface DispatchOptions {
  quick: boolean;
  n: number;
  reps: number;
  help: boolean;
  /** Core-bench options given on the shared command line, which this bench does not use. */
  ignored: string[];
}

export const FULL = { n: 20_000, reps: 5 } as const;
export const QUICK = { n: 2_000, reps: 3 } as const;
export const MIN_REPS = 3;

function positiveInteger(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} takes an integer ≥ ${min}, got "${text}"`);
  return value;
}

export function parseDispatchOptions(argv: readonly string[]): DispatchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      n: { type: "string" },
      reps: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
      json: { type: "string" },
      only: { type: "string" },
      python: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick ?? false;
  const plan = quick ? QUICK : FULL;
  return {
    quick,
    n: positiveInteger("--n", values.n, 1) ?? plan.n,
    reps: positiveInteger("--reps", values.reps, MIN_REPS) ?? plan.reps,
    help: values.help ?? false,
    ignored: (["json", "only", "python"] as const).filter((o) => values[o] !== undefined).map((o) => `--${o}`),
  };
}
