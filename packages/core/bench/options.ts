// Command line of `npm run bench -- [options]`.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { callerDirectory } from "./env.ts";
import { DEFAULT_PYTHON } from "./python-env.ts";

export const USAGE = `Usage: npm run bench [-w @fieldtest/core] -- [options]

Times @fieldtest/core against scikit-learn/numpy/pandas (Debian's ${DEFAULT_PYTHON}) on the
same seeded data in the same run and prints a table of medians, ratios and verdicts.

  --quick          smaller n and fewer repetitions (about a minute; verdicts indicative only)
  --json FILE      also save the results as JSON (FILE relative to your directory)
  --only 1,3       run only these sections (1 suite, 2 sort metrics, 3 bootstrap,
                   4 end to end, 5 memory, 6 multiclass/regression, 7 drift,
                   8 dataset uploads: packages/db/bench, informational)
  --python PATH    reference interpreter (default ${DEFAULT_PYTHON})
  -h, --help       show this help

Exit code 0 whenever the bench ran, even when a row fails its target (it is a measurement,
not a test); 2 when the reference side cannot run.`;

export interface BenchOptions {
  quick: boolean;
  jsonFile: string | null;
  only: number[] | null;
  python: string;
  help: boolean;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      json: { type: "string" },
      only: { type: "string" },
      python: { type: "string", default: DEFAULT_PYTHON },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = values.only === undefined ? null : values.only.split(",").map((part) => Number(part.trim()));
  if (only?.some((section) => !Number.isInteger(section)))
    throw new Error(`--only takes section numbers, got "${values.only}"`);
  return {
    quick: values.quick ?? false,
    jsonFile: values.json === undefined ? null : resolve(callerDirectory(), values.json),
    only,
    python: values.python ?? DEFAULT_PYTHON,
    help: values.help ?? false,
  };
}
