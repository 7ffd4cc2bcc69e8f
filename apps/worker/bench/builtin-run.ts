// `npm run bench -w @fieldtest/worker` (and the root `npm run bench`, after the core and
// dispatch benches): rows/s of a builtin-model benchmark run scored end to end by the worker's
// execution path (stored dataset version → split → train → score → metrics, curves, results →
// completion write), beside the raw core doing the same work on the same in-memory columns, in
// one process and one run (issue 4, "Done when"). Prints median seconds, rows/s and the ratio
// Fieldtest / raw per case. A measurement, not a test: no target, exit 0 whatever the ratio;
// 2 when PostgreSQL cannot be reached. Needs only PostgreSQL (DATABASE_URL's server): it creates
// and drops its own database and a temporary storage directory.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type BuiltinAlgorithm, cutoffToEpochMs, temporalSplit } from "@fieldtest/core";
import { createDatasetVersion, createDb, dbEnv, directoryStorage, dropDatabase, findRepoRoot } from "@fieldtest/db";
import { takeRows } from "../src/runs/feature-columns.ts";
import { benchDataset, CUTOFF_DAY } from "./bench-dataset.ts";
import { type CaseResult, parseBuiltinRunOptions, ratio, repsLine, resultTable, USAGE } from "./report.ts";
import {
  type BenchCase,
  CONFIDENCE_LEVEL,
  type FieldtestSide,
  fieldtestRep,
  METRICS,
  type Rep,
  rawRep,
  SEED,
  type SplitColumns,
  THRESHOLD,
} from "./sides.ts";

/** This bench's own database on DATABASE_URL's server: dropped before (a leftover of an interrupted run) and after. */
const DATABASE_NAME = "fieldtest_bench_worker";
const DATA_SEED = 20240101;
const ALGORITHMS: readonly BuiltinAlgorithm[] = ["logistic_regression", "gradient_boosting"];
const RESAMPLES = [0, 1000] as const;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const options = parseBuiltinRunOptions(process.argv.slice(2));
  if (options.help) {
    say(USAGE);
    return 0;
  }
  if (options.ignored.includes("--only")) {
    say("builtin run bench: skipped (--only picks sections of the core bench)");
    return 0;
  }
  const serverUrl = dbEnv().DATABASE_URL;
  const url = new URL(serverUrl);
  url.pathname = `/${DATABASE_NAME}`;
  const databaseUrl = url.toString();
  try {
    await dropDatabase(serverUrl, DATABASE_NAME);
  } catch (err) {
    process.stderr.write(
      `builtin run bench: PostgreSQL at ${url.host} cannot be reached (${(err as Error).message})\n`,
    );
    return 2;
  }
  const storageDir = await mkdtemp(path.join(tmpdir(), "fieldtest-bench-worker-"));
  let db: ReturnType<typeof createDb> | null = null;
  const cleanup = async () => {
    await db?.$disconnect();
    await dropDatabase(serverUrl, DATABASE_NAME);
    await rm(storageDir, { recursive: true, force: true });
  };
  const interrupted = () => {
    process.stderr.write(`\ninterrupted: dropping ${DATABASE_NAME} and ${storageDir}\n`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);

  const cpu = cpus();
  say(`fieldtest builtin run bench — ${options.quick ? "quick" : "full"} run, ${new Date().toISOString()}`);
  say(
    `machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average at start (1/5/15 min): ${load()}`,
  );
  say(`node ${process.version}; database ${DATABASE_NAME} on ${url.host}; storage ${storageDir}`);
  say(
    `method: per case, warm-up 1 rep per side, then ${options.reps} timed reps per side, interleaved (order alternating each rep); medians; rows/s = dataset rows / seconds; ratio = Fieldtest rows/s / raw rows/s (informational, no target)`,
  );
  if (options.quick) say("QUICK MODE: 10^5 rows instead of the issue's 10^6; indicative only");
  if (options.ignored.length > 0) say(`(${options.ignored.join(", ")}: options of other benches, ignored here)`);
  say("");

  try {
    await promisify(execFile)("npm", ["run", "-s", "db:migrate"], {
      cwd: findRepoRoot(),
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    db = createDb(databaseUrl);
    const storage = directoryStorage(storageDir);

    let started = performance.now();
    const data = benchDataset(options.rows, DATA_SEED);
    say(
      `dataset: ${options.rows.toLocaleString("en-US")} rows generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const userId = "bench-user";
    await db.user.create({ data: { id: userId, name: "Bench", email: "bench@fieldtest.test" } });
    const team = await db.team.create({ data: { slug: "bench", name: "Bench" } });
    started = performance.now();
    const { datasetVersion } = await createDatasetVersion({
      db,
      storage,
      teamId: team.id,
      datasetName: "bench-builtin",
      body: data.csv(),
      format: "csv",
      tempDir: storageDir,
      idColumn: "id",
      labelColumn: "label",
      timestampColumn: "day",
      userId,
    });
    say(
      `dataset version stored through createDatasetVersion in ${((performance.now() - started) / 1000).toFixed(1)} s (${datasetVersion.rowCount.toLocaleString("en-US")} rows; not part of the timed reps)`,
    );

    const benchmarkIds = new Map<number, string>();
    for (const resamples of RESAMPLES) {
      const benchmark = await db.benchmark.create({
        data: {
          teamId: team.id,
          name: `builtin-${resamples}`,
          datasetVersionId: datasetVersion.id,
          split: { kind: "temporal", cutoff: CUTOFF_DAY },
          metrics: METRICS,
          threshold: THRESHOLD,
          seed: SEED,
          sliceColumns: [],
          stress: [],
          confidenceLevel: CONFIDENCE_LEVEL,
          bootstrapResamples: resamples,
          createdById: userId,
        },
      });
      benchmarkIds.set(resamples, benchmark.id);
    }
    const versionIds = new Map<BuiltinAlgorithm, string>();
    for (const algorithm of ALGORITHMS) {
      const model = await db.model.create({
        data: { teamId: team.id, name: algorithm, task: "binary_classification", createdById: userId },
      });
      const version = await db.modelVersion.create({
        data: {
          modelId: model.id,
          version: "1",
          endpointKind: "builtin",
          endpointConfig: { algorithm },
          createdById: userId,
          lastChangedById: userId,
        },
      });
      versionIds.set(algorithm, version.id);
    }

    // The raw side's split: core's temporal split of the in-memory timestamps, gathered once.
    const rows = temporalSplit({ timestamps: data.timestamps, cutoff: cutoffToEpochMs(CUTOFF_DAY) });
    const split: SplitColumns = {
      train: { features: takeRows(data.features, rows.train), labels: pick(data.labels, rows.train) },
      test: { features: takeRows(data.features, rows.test), labels: pick(data.labels, rows.test) },
    };
    say(
      `split: temporal at ${CUTOFF_DAY}: ${rows.train.length.toLocaleString("en-US")} train / ${rows.test.length.toLocaleString("en-US")} test rows`,
    );
    say("");

    const results: CaseResult[] = [];
    for (const algorithm of ALGORITHMS) {
      for (const resamples of RESAMPLES) {
        const benchCase: BenchCase = { algorithm, resamples };
        const side: FieldtestSide = {
          db,
          storage,
          teamId: team.id,
          userId,
          benchmarkId: benchmarkIds.get(resamples) as string,
          modelVersionId: versionIds.get(algorithm) as string,
        };
        const run = { fieldtest: () => fieldtestRep(side), raw: () => rawRep(split, benchCase) };
        const checkSame = (a: Rep, b: Rep) => {
          if (Math.abs(a.rocAuc - b.rocAuc) > 1e-9) {
            throw new Error(`${algorithm}: Fieldtest's roc_auc ${a.rocAuc} differs from the raw core's ${b.rocAuc}`);
          }
        };
        checkSame(await run.fieldtest(), await run.raw());
        const result: CaseResult = {
          benchCase,
          rows: options.rows,
          trainRows: rows.train.length,
          testRows: rows.test.length,
          fieldtest: [],
          raw: [],
        };
        for (let rep = 0; rep < options.reps; rep++) {
          const order = rep % 2 === 0 ? (["fieldtest", "raw"] as const) : (["raw", "fieldtest"] as const);
          for (const which of order) result[which].push(await run[which]());
          checkSame(result.fieldtest[rep] as Rep, result.raw[rep] as Rep);
        }
        results.push(result);
        say(`  ${repsLine(result)}`);
        say(
          `${algorithm}, resamples ${resamples}: done, ratio ${ratio(result).toFixed(2)}× (roc_auc ${result.raw[0]?.rocAuc.toFixed(4)} on both sides; load ${load()})`,
        );
      }
    }

    say(`\n${resultTable(results)}\n`);
    say(
      [
        "What each side times (same process, same dataset, same temporal split, same model seed; both sides must report the same roc_auc, checked every rep):",
        "  Fieldtest  the worker's benchmark-run processor without the queue: read the run row, mark it running, evaluateBenchmarkRun (look up the dataset version, read + decode the stored table, labels, the split, feature columns, gather train/test rows, train the builtin model in steps yielding to the event loop, score in chunks, headline metrics (+ bootstrap intervals), curves, reliability, confusion, the trained model as a result; progress written to the run about every 1%), then completeRun (metric values, results and `succeeded` in one transaction). Creating the queued run is not timed.",
        "  raw core   trainBuiltinModel + predictBuiltinModel + binaryEvaluation (+ bootstrapBinarySuite with the same metrics, seed and level when resamples > 0) on columns already in memory and already split.",
        "  ratio      Fieldtest rows/s / raw rows/s (= raw seconds / Fieldtest seconds); CPU ratio is the same with this process's CPU time (database server time not included).",
      ].join("\n"),
    );
    say(`\nload average at end (1/5/15 min): ${load()}`);
    return 0;
  } finally {
    process.off("SIGINT", interrupted);
    await cleanup();
  }
}

function pick(values: Float64Array, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k] as number] as number;
  return out;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `builtin run bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
