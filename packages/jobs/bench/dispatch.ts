// `npm run bench -w @fieldtest/jobs` (and the root `npm run bench`): job dispatch throughput
// through Fieldtest's queue layer beside raw BullMQ in the same run (issue 4, "Done when").
// Prints a table of median jobs/s with n and reps, the ratio Fieldtest/raw and PASS/FAIL
// against ≥ 0.8×, then exactly what each row times. A measurement, not a test: exit 0 even
// when the ratio misses its target; 2 when Redis cannot be reached.
import { cpus, loadavg, totalmem } from "node:os";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { closeQueues } from "../src/enqueue.ts";
import { jobsEnv } from "../src/env.ts";
import { queues } from "../src/queues.ts";
import { parseDispatchOptions, USAGE } from "./options.ts";
import { buildRow, jobsPerSecond, median, resultTable, rotation, rowVerdict, TARGET_RATIO } from "./report.ts";
import { BENCH_CONCURRENCY, payloads, runFieldtest, runRaw, type SideName, type SideRun } from "./sides.ts";

const SIDES: readonly SideName[] = ["raw", "fieldtest", "raw-options", "fieldtest-enqueue"];
const WARMUP_JOBS = 500;
/** A rep that takes longer than this has hung (e.g. Redis went away). */
const REP_TIMEOUT_MS = 300_000;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

async function redisVersion(url: string): Promise<string> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 3_000, lazyConnect: true });
  redis.on("error", () => {});
  try {
    await redis.connect();
    const info = await redis.info("server");
    return /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `base` (what obliterate may have left, or a rep interrupted midway). */
async function removeKeys(url: string, base: string): Promise<number> {
  const redis = new Redis(url);
  let removed = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${base}*`, "COUNT", 1_000);
      cursor = next;
      if (keys.length > 0) removed += await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    await redis.quit();
  }
  return removed;
}

async function obliterate(url: string, prefix: string): Promise<void> {
  const connection = new Redis(url);
  const queue = new Queue(queues.benchmarkRun.name, { connection, prefix });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
    await connection.quit();
  }
}

async function main(): Promise<number> {
  const options = parseDispatchOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.ignored.includes("--only")) {
    process.stdout.write("job dispatch bench: skipped (--only picks sections of the core bench)\n");
    return 0;
  }
  const { REDIS_URL: url } = jobsEnv();
  let version: string;
  try {
    version = await redisVersion(url);
  } catch (err) {
    process.stderr.write(`dispatch bench: Redis at ${url} cannot be reached (${(err as Error).message})\n`);
    return 2;
  }
  const base = `fieldtest-bench-dispatch-${process.pid}-${Date.now().toString(36)}`;
  let repIndex = 0;
  const nextPrefix = () => `${base}-${repIndex++}`;
  const interrupted = () => {
    process.stderr.write(`\ninterrupted: removing the bench's keys (${base}*)\n`);
    void removeKeys(url, base).finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);

  const cpu = cpus();
  process.stdout.write(
    `${[
      `fieldtest job dispatch bench — ${options.quick ? "quick" : "full"} run, ${new Date().toISOString()}`,
      `machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average at start (1/5/15 min): ${load()}`,
      `node ${process.version}; Redis ${version} at ${url}; keys under ${base}-*; worker concurrency ${BENCH_CONCURRENCY} on every side`,
      `method: warm-up ${WARMUP_JOBS} jobs per side, then ${options.reps} timed reps of n = ${options.n.toLocaleString("en-US")} per side, interleaved (order rotated each rep), each on a fresh queue; medians; ratio = Fieldtest median / raw median; PASS when ratio ≥ ${TARGET_RATIO}`,
      ...(options.quick ? ["QUICK MODE: smaller n than the issue's; the verdict is indicative only"] : []),
      ...(options.ignored.length > 0 ? [`(${options.ignored.join(", ")}: core bench options, ignored here)`] : []),
    ].join("\n")}\n\n`,
  );

  const runs: Record<SideName, SideRun[]> = { raw: [], "raw-options": [], fieldtest: [], "fieldtest-enqueue": [] };
  const runSide = async (side: SideName, n: number): Promise<SideRun> => {
    const ctx = { redisUrl: url, prefix: nextPrefix() };
    const data = payloads(n);
    try {
      if (side === "raw") return await runRaw(ctx, data, REP_TIMEOUT_MS, "bullmq-defaults");
      if (side === "raw-options") return await runRaw(ctx, data, REP_TIMEOUT_MS, "contract-options");
      return await runFieldtest(ctx, data, REP_TIMEOUT_MS, side === "fieldtest" ? "enqueueMany" : "enqueue");
    } finally {
      await obliterate(url, ctx.prefix);
    }
  };
  try {
    for (const side of SIDES) await runSide(side, WARMUP_JOBS);
    for (let rep = 0; rep < options.reps; rep++) {
      for (const side of rotation(rep, SIDES)) runs[side].push(await runSide(side, options.n));
      process.stdout.write(`rep ${rep + 1}/${options.reps} done (load ${load()})\n`);
    }
  } finally {
    await closeQueues();
    const left = await removeKeys(url, base);
    if (left > 0) process.stdout.write(`cleanup: removed ${left} keys left under ${base}-*\n`);
    process.off("SIGINT", interrupted);
  }

  const rates = (side: SideName) => runs[side].map((r) => jobsPerSecond(r.n, r.seconds));
  const enqueueRates = (side: SideName) => runs[side].map((r) => jobsPerSecond(r.n, r.enqueueSeconds));
  const cpuPerJob = (side: SideName) => runs[side].map((r) => (r.cpuSeconds / r.n) * 1e6);
  const raw = rates("raw");
  const rows = [
    buildRow({
      name: "raw BullMQ: addBulk + no-op worker",
      n: options.n,
      rates: raw,
      enqueueRates: enqueueRates("raw"),
      cpuPerJob: cpuPerJob("raw"),
    }),
    buildRow({
      name: "Fieldtest: enqueueMany + processorFor",
      n: options.n,
      rates: rates("fieldtest"),
      enqueueRates: enqueueRates("fieldtest"),
      cpuPerJob: cpuPerJob("fieldtest"),
      reference: raw,
      target: TARGET_RATIO,
    }),
    buildRow({
      name: "raw BullMQ with the contract's job options",
      n: options.n,
      rates: rates("raw-options"),
      enqueueRates: enqueueRates("raw-options"),
      cpuPerJob: cpuPerJob("raw-options"),
      reference: raw,
      target: null,
    }),
    buildRow({
      name: "Fieldtest: enqueue per job + processorFor",
      n: options.n,
      rates: rates("fieldtest-enqueue"),
      enqueueRates: enqueueRates("fieldtest-enqueue"),
      cpuPerJob: cpuPerJob("fieldtest-enqueue"),
      reference: raw,
      target: null,
    }),
  ];
  const judged = rows[1];
  process.stdout.write(
    `\n${resultTable(rows)}\n\n${[
      "What each row times, from the first producer call until the worker has completed the n-th job (the worker is connected and idle before the clock starts; producer and worker share this process, Redis is the same server for all rows):",
      "  raw        Queue.addBulk of all n jobs in one call (BullMQ's own job ids, default job options) and a Worker whose processor is `async () => {}`.",
      `  Fieldtest  enqueueMany("benchmarkRun", payloads): zod validation of every payload, jobId = run id, the queue's default job options (attempts 3, exponential backoff, removeOnComplete 1,000, removeOnFail 5,000), addBulk in chunks; the Worker runs processorFor("benchmarkRun", no-op), i.e. the payload re-parsed with the queue's schema before the handler. Connection settings as apps/worker's start-worker (maxRetriesPerRequest null). No database writes.`,
      "  raw+opts   raw, but each job with the contract's options and jobId = run id (no Fieldtest code): Fieldtest / raw+opts is the cost of the layer's own code; raw+opts / raw the cost of those BullMQ options (mostly removeOnComplete, which deletes one old job per completion once 1,000 are kept, where raw keeps every job); informational.",
      "  per job    the same as Fieldtest, with one enqueue() per job, all n in flight at once (how the web app and the sweeper enqueue: one run at a time); informational, not judged.",
      "  enqueue median: jobs/s of the producer call(s) alone, until every job is in Redis.",
      "  CPU/job: median CPU time (user + system) of this process per job, producer and worker together (Redis's own CPU not included); steadier than wall time when other processes share the cores; not judged.",
    ].join("\n")}\n\n${[
      `dispatch: Fieldtest/raw = ${judged?.ratio?.toFixed(2)}× (target ≥ ${TARGET_RATIO}×): ${judged ? rowVerdict(judged) : "?"}`,
      `layer code alone: Fieldtest / raw with the same job options = ${(median(rates("fieldtest")) / median(rates("raw-options"))).toFixed(2)}×`,
    ].join("\n")}\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`dispatch bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
