// `npm run bench -w @fieldtest/web -- [--quick] [--reps N]` (also the last part of the root
// `npm run bench`): sustained ingestion throughput of POST /api/v1/events (issue 5, "Done when"),
// batches of 1,000 events, beside the raw PostgreSQL COPY rate of the same rows into the same
// table (prediction_event), in one run. The REAL route handler is called in-process with Request objects (no Next
// server, no HTTP socket); run under `--conditions=react-server` so `server-only` resolves to its
// empty module. Needs PostgreSQL (DATABASE_URL's server), Redis (REDIS_URL) and `psql` on PATH.
// Own database fieldtest_bench_ingest and Redis prefix fieldtest_bench_ingest, both removed at the
// end (also on Ctrl-C). Exit 0 whatever the verdict (a measurement); 1 on an error; 2 when
// PostgreSQL cannot be reached.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { promisify } from "node:util";
import { createDb, dbEnv, dropDatabase, ensureEventPartitions, findRepoRoot, mintApiKey } from "@fieldtest/db";
import { createRedis } from "@fieldtest/jobs";

const DATABASE_NAME = "fieldtest_bench_ingest";
const REDIS_PREFIX = "fieldtest_bench_ingest";
const BATCH = 1_000;
const FULL_BATCHES = 100;
const QUICK_BATCHES = 20;
const CONCURRENCY = 4;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 250;

const say = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

interface Options {
  quick: boolean;
  reps: number;
  help: boolean;
  ignored: string[];
}

const USAGE = `usage: npm run bench -w @fieldtest/web -- [--quick] [--reps N]
  --quick   ${QUICK_BATCHES} batches of ${BATCH} events instead of ${FULL_BATCHES}
  --reps N  interleaved repetitions of each side (default 2, at least 1)`;

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { quick: false, reps: 2, help: false, ignored: [] };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k] as string;
    if (arg === "--quick") options.quick = true;
    else if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--reps") {
      const reps = Number(argv[++k]);
      if (!Number.isInteger(reps) || reps < 1) throw new Error("--reps takes a whole number ≥ 1");
      options.reps = reps;
    } else if (arg === "--json" || arg === "--only") {
      options.ignored.push(arg);
      k++;
    } else options.ignored.push(arg);
  }
  return options;
}

/** Seeded PRNG (mulberry32), so every run sends the same rows. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface BenchEvent {
  eventId: string;
  modelVersionId: string;
  timestamp: string;
  features: Record<string, number | string>;
  prediction: number;
  latencyMs: number;
}

const SEGMENTS = ["retail", "wholesale", "online", "partner", "internal"];
const REGIONS = ["us-east", "us-west", "eu-central", "eu-west", "ap-south", "ap-east", "sa-east"];

/** `n` events: 10 numeric + 2 string features, times spread over the two previous UTC months (two partitions). */
function makeEvents(n: number, modelVersionId: string, now: Date): BenchEvent[] {
  const rand = prng(20261127);
  const from = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1);
  const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const events: BenchEvent[] = [];
  for (let i = 0; i < n; i++) {
    const features: Record<string, number | string> = {};
    for (let f = 0; f < 10; f++) features[`x${f}`] = Math.round((rand() * 2 - 1) * 3 * 10_000) / 10_000;
    features.segment = SEGMENTS[Math.floor(rand() * SEGMENTS.length)] as string;
    features.region = REGIONS[Math.floor(rand() * REGIONS.length)] as string;
    events.push({
      eventId: `req-${i.toString().padStart(8, "0")}-${Math.floor(rand() * 1e9).toString(36)}`,
      modelVersionId,
      timestamp: new Date(from + Math.floor(rand() * (to - from))).toISOString(),
      features,
      prediction: Math.round(rand() * 1e6) / 1e6,
      latencyMs: Math.round(rand() * 50 * 100) / 100,
    });
  }
  return events;
}

const csvField = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** The same rows as COPY CSV for prediction_event (teamId … latencyMs; receivedAt takes its default). */
function toCsv(teamId: string, events: readonly BenchEvent[]): string {
  const lines = events.map((e) =>
    [
      teamId,
      csvField(e.eventId),
      e.modelVersionId,
      e.timestamp,
      csvField(JSON.stringify(e.features)),
      JSON.stringify(e.prediction),
      String(e.latencyMs),
    ].join(","),
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Runs psql with `commands` (one `-c` each, in order), `stdin` piped in; calls `onLine` with each
 * line psql prints (it flushes after every command). Resolves with the wall milliseconds from
 * spawn to exit.
 */
function psql(
  url: string,
  commands: readonly string[],
  stdin = "",
  onLine: (line: string, child: ChildProcess) => void = () => {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const args = [url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", ...commands.flatMap((c) => ["-c", c])];
    const child = spawn("psql", args, { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    let pending = "";
    child.stdout.on("data", (d) => {
      pending += String(d);
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) onLine(line, child);
    });
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`psql exited ${code}: ${stderr.trim()}`));
    });
    child.stdin.end(stdin);
  });
}

/**
 * CPU milliseconds (user + system) process `pid` has used so far, from /proc/<pid>/stat (Linux,
 * clock ticks of 10 ms); undefined where that cannot be read (another OS, PostgreSQL on another
 * host or user).
 */
function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Set on Ctrl-C: in-flight requests then fail as cleanup closes connections; that is not a bench failure. */
let stopping = false;

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    say(USAGE);
    return 0;
  }
  if (options.ignored.includes("--only")) {
    say("ingest bench: skipped (--only picks sections of the core bench)");
    return 0;
  }
  const batches = options.quick ? QUICK_BATCHES : FULL_BATCHES;
  const n = batches * BATCH;
  const serverUrl = dbEnv().DATABASE_URL;
  const url = new URL(serverUrl);
  url.pathname = `/${DATABASE_NAME}`;
  url.search = "";
  const databaseUrl = url.toString();
  try {
    await dropDatabase(serverUrl, DATABASE_NAME);
  } catch (err) {
    process.stderr.write(`ingest bench: PostgreSQL at ${url.host} cannot be reached (${(err as Error).message})\n`);
    return 2;
  }

  // The web's env.ts and packages/jobs read these when the route is first imported / used.
  process.env.FIELDTEST_QUEUE_PREFIX = REDIS_PREFIX;
  process.env.FIELDTEST_INGEST_RATE_LIMIT = String(1_000_000_000);
  process.env.DATABASE_URL = databaseUrl;
  process.env.BETTER_AUTH_URL ??= "http://127.0.0.1:3000"; // silences Better Auth's warning; no auth flow runs here

  const db = createDb(databaseUrl);
  const globals = globalThis as unknown as {
    fieldtestDb?: ReturnType<typeof createDb>;
    fieldtestIngestRedis?: Promise<ReturnType<typeof createRedis>>;
  };
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    const step = async (what: string, run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (err) {
        process.stderr.write(`ingest bench cleanup: ${what} failed (${(err as Error).message})\n`);
      }
    };
    const redis = createRedis("producer");
    await step("deleting Redis keys", async () => {
      await new Promise<void>((resolve, reject) => {
        redis.once("ready", () => resolve());
        redis.once("error", reject);
      });
      let cursor = "0";
      let removed = 0;
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${REDIS_PREFIX}:*`, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) removed += await redis.del(...keys);
      } while (cursor !== "0");
      say(`cleanup: removed ${removed} Redis key(s) under ${REDIS_PREFIX}:`);
    });
    redis.disconnect();
    await step("closing the route's Redis", async () => (await globals.fieldtestIngestRedis)?.disconnect());
    await step("closing Prisma", () => db.$disconnect());
    await dropDatabase(serverUrl, DATABASE_NAME);
    say(`cleanup: dropped database ${DATABASE_NAME}`);
  };
  const interrupted = () => {
    stopping = true;
    process.stderr.write(`\ninterrupted: dropping ${DATABASE_NAME} and Redis keys ${REDIS_PREFIX}:*\n`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);

  const cpu = cpus();
  say(`fieldtest ingest bench — ${options.quick ? "quick" : "full"} run, ${new Date().toISOString()}`);
  say(
    `machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average at start (1/5/15 min): ${load()}`,
  );
  say(`node ${process.version}; database ${DATABASE_NAME} on ${url.host}; Redis prefix ${REDIS_PREFIX}`);
  say(
    `method: ${n.toLocaleString("en-US")} events = ${batches} batches × ${BATCH}; POST handler of apps/web/src/app/api/v1/events/route.ts called in-process (no Next server, no socket); ${options.reps} rep(s) per side, interleaved, order alternating; tables truncated (untimed) before every timed phase`,
  );
  if (options.quick)
    say(`QUICK MODE: ${batches} batches instead of ${FULL_BATCHES}; p99 over few requests, indicative only`);
  if (options.ignored.length > 0) say(`(${options.ignored.join(", ")}: options of other benches, ignored here)`);
  say("");

  try {
    await promisify(execFile)("npm", ["run", "-s", "db:migrate"], {
      cwd: findRepoRoot(),
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    globals.fieldtestDb = db; // the route's getDb() uses this bench's database, not DATABASE_URL's default

    const user = await db.user.create({ data: { id: "bench-user", name: "Bench", email: "bench@fieldtest.test" } });
    const team = await db.team.create({ data: { slug: "bench-ingest", name: "Bench ingest" } });
    const model = await db.model.create({
      data: { teamId: team.id, name: "bench-model", task: "binary_classification", createdById: user.id },
    });
    const version = await db.modelVersion.create({
      data: {
        modelId: model.id,
        version: "1",
        endpointKind: "builtin",
        endpointConfig: { algorithm: "logistic_regression" },
        createdById: user.id,
        lastChangedById: user.id,
      },
    });
    const { key } = await mintApiKey({ db, teamId: team.id, name: "bench", scopes: ["ingest"], createdById: null });

    const now = new Date();
    const started = performance.now();
    const events = makeEvents(n, version.id, now);
    const bodies: string[] = [];
    for (let b = 0; b < batches; b++) bodies.push(JSON.stringify(events.slice(b * BATCH, (b + 1) * BATCH)));
    const csv = toCsv(team.id, events);
    say(
      `data: ${n.toLocaleString("en-US")} events (10 numeric + 2 string features, times over 2 months), ${(bodies.reduce((s, b) => s + b.length, 0) / 2 ** 20).toFixed(1)} MiB of JSON bodies, ${(csv.length / 2 ** 20).toFixed(1)} MiB of CSV, built in ${((performance.now() - started) / 1000).toFixed(1)} s (untimed)`,
    );

    // COPY goes into prediction_event itself (truncated before each phase): the same table, so the
    // same primary key, indexes, constraints, triggers and month partitions as the route writes.
    await ensureEventPartitions(
      db,
      events.map((e) => new Date(e.timestamp)),
    );

    const { POST } = (await import(
      "../src/app/api/v1/events/route"
    )) as typeof import("../src/app/api/v1/events/route");
    const send = async (body: string): Promise<number> => {
      const t0 = performance.now();
      const response = await POST(
        new Request("http://127.0.0.1/api/v1/events", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body,
        }),
      );
      const result = (await response.json()) as { results?: { status: string; reason?: string }[] };
      const ms = performance.now() - t0;
      const bad = result.results?.find((r) => r.status !== "accepted");
      if (response.status !== 200 || !result.results || result.results.length !== BATCH || bad) {
        throw new Error(`route answered ${response.status}: ${JSON.stringify(bad ?? result).slice(0, 300)}`);
      }
      return ms;
    };
    const truncateRoute = () => db.$executeRawUnsafe(`TRUNCATE prediction_event, prediction_event_key`);
    const truncateCopy = truncateRoute;
    const countOf = async (table: string) =>
      Number(((await db.$queryRawUnsafe(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]?.n);

    /** CPU of one phase: this process (route: handler, Prisma, JSON; COPY: none) + psql + PostgreSQL backends. */
    interface Cpu {
      nodeMs: number;
      clientMs: number;
      postgresMs: number | undefined;
    }
    interface Phase {
      wallMs: number;
      latencies: number[];
      cpu: Cpu;
    }
    // The route's PostgreSQL backends: every client connection to the bench database but this query's.
    const backendPids = async () =>
      (
        (await db.$queryRawUnsafe(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
        )) as { pid: number }[]
      ).map((r) => r.pid);
    const backendCpu = (pids: readonly number[]) => {
      const m = new Map<number, number | undefined>();
      for (const pid of pids) m.set(pid, cpuMsOf(pid));
      return m;
    };
    const routePhase = async (concurrency: number): Promise<Phase> => {
      await truncateRoute();
      const latencies: number[] = [];
      let next = 0;
      const before = backendCpu(await backendPids());
      const node0 = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let b = next++; b < batches; b = next++) latencies.push(await send(bodies[b] as string));
        }),
      );
      const wallMs = performance.now() - t0;
      const node = process.cpuUsage(node0);
      const after = backendCpu(await backendPids());
      let postgresMs: number | undefined = 0;
      for (const [pid, ms] of after) {
        // A connection opened during the phase started from (about) zero.
        const was = before.has(pid) ? before.get(pid) : 0;
        if (ms === undefined || was === undefined || postgresMs === undefined) postgresMs = undefined;
        else postgresMs += ms - was;
      }
      const stored = await countOf("prediction_event");
      if (stored !== n) throw new Error(`route phase stored ${stored} events, expected ${n}`);
      return { wallMs, latencies, cpu: { nodeMs: (node.user + node.system) / 1000, clientMs: 0, postgresMs } };
    };
    const copySql = `COPY prediction_event ("teamId","eventId","modelVersionId","timestamp","features","prediction","latencyMs") FROM STDIN WITH (FORMAT csv)`;
    // psql prints its backend's pid first and "copied" once COPY is done; the short sleep after keeps
    // the backend alive while its CPU is read. The overhead run is the same without the COPY.
    const framing = (copy: string[]) => [
      "SELECT pg_backend_pid()",
      ...copy,
      "SELECT 'copied'",
      "SELECT pg_sleep(0.05)",
    ];
    const copyPhase = async (): Promise<{ wallMs: number; netMs: number; cpu: Cpu }> => {
      await truncateCopy();
      const overhead = await psql(databaseUrl, framing([]));
      let start: { backend?: number; client?: number; pid: number } | undefined;
      let cpu: Cpu = { nodeMs: 0, clientMs: Number.NaN, postgresMs: undefined };
      const wallMs = await psql(databaseUrl, framing([copySql]), csv, (line, child) => {
        if (!start && /^\d+$/.test(line)) {
          const pid = Number(line);
          start = { pid, backend: cpuMsOf(pid), client: child.pid ? cpuMsOf(child.pid) : undefined };
        } else if (line === "copied" && start) {
          const backend = cpuMsOf(start.pid);
          const client = child.pid ? cpuMsOf(child.pid) : undefined;
          cpu = {
            nodeMs: 0,
            clientMs: client !== undefined && start.client !== undefined ? client - start.client : Number.NaN,
            postgresMs: backend !== undefined && start.backend !== undefined ? backend - start.backend : undefined,
          };
        }
      });
      const stored = await countOf("prediction_event");
      if (stored !== n) throw new Error(`COPY stored ${stored} rows, expected ${n}`);
      return { wallMs, netMs: Math.max(1, wallMs - overhead), cpu };
    };

    // Warm-up (untimed): module loading, Prisma and Redis connections, partitions, psql.
    await routePhase(1).catch((err) => {
      throw new Error(`warm-up: ${(err as Error).message}`);
    });
    await copyPhase();
    say(`warm-up done (1 untimed pass per side); load ${load()}`);

    const seq: Phase[] = [];
    const conc: Phase[] = [];
    const copy: { wallMs: number; netMs: number; cpu: Cpu }[] = [];
    for (let rep = 0; rep < options.reps; rep++) {
      const order = rep % 2 === 0 ? (["seq", "conc", "copy"] as const) : (["copy", "conc", "seq"] as const);
      for (const which of order) {
        if (which === "seq") seq.push(await routePhase(1));
        else if (which === "conc") conc.push(await routePhase(CONCURRENCY));
        else copy.push(await copyPhase());
      }
      const r = (p: Phase | undefined) => (p ? Math.round(n / (p.wallMs / 1000)).toLocaleString("en-US") : "?");
      const c = copy[rep];
      say(
        `rep ${rep + 1}: route ×1 ${r(seq[rep])} ev/s, route ×${CONCURRENCY} ${r(conc[rep])} ev/s, COPY ${c ? Math.round(n / (c.netMs / 1000)).toLocaleString("en-US") : "?"} ev/s (${c ? (c.wallMs / 1000).toFixed(2) : "?"} s with psql start-up; load ${load()})`,
      );
    }

    const copyRate = median(copy.map((c) => n / (c.netMs / 1000)));
    const copyRateWall = median(copy.map((c) => n / (c.wallMs / 1000)));
    const rows = [
      ["side", "n", "batches", "reps", "events/s", "COPY ev/s", "ratio", "≥0.5", "p50 ms", "p99 ms", "<250", "verdict"],
    ];
    for (const [label, phases] of [
      ["route, 1 sender", seq],
      [`route, ${CONCURRENCY} senders`, conc],
    ] as const) {
      const rate = median(phases.map((p) => n / (p.wallMs / 1000)));
      const all = phases.flatMap((p) => p.latencies);
      const p50 = quantile(all, 0.5);
      const p99 = quantile(all, 0.99);
      const ratio = rate / copyRate;
      const okRatio = ratio >= TARGET_RATIO;
      const okP99 = p99 < TARGET_P99_MS;
      rows.push([
        label,
        n.toLocaleString("en-US"),
        String(batches),
        String(phases.length),
        Math.round(rate).toLocaleString("en-US"),
        Math.round(copyRate).toLocaleString("en-US"),
        ratio.toFixed(2),
        okRatio ? "yes" : "no",
        p50.toFixed(1),
        p99.toFixed(1),
        okP99 ? "yes" : "no",
        // Sustained throughput is the server kept busy (the concurrent row); one sequential sender
        // alternates its Node and PostgreSQL work, so its rate is the round trip: information only.
        label === "route, 1 sender" ? (okP99 ? "info" : "FAIL") : okRatio && okP99 ? "PASS" : "FAIL",
      ]);
    }
    const widths = (rows[0] as string[]).map((_, k) => Math.max(...rows.map((r) => (r[k] as string).length)));
    say("");
    for (const r of rows)
      say(
        r
          .map((cell, k) => (k === 0 ? cell.padEnd(widths[k] as number) : cell.padStart(widths[k] as number)))
          .join("  "),
      );
    say("");
    say(
      [
        "What is timed (same process, same rows, same run):",
        "  route   per request: new Request(JSON body prebuilt, untimed) → POST(request) (API key check, body read and",
        "          parsed, Redis rate-limit INCRBY, per-event validation, version lookup, partition check, one",
        "          transaction inserting prediction_event_key + prediction_event) → response.json(); events/s =",
        `          events / wall time of the whole phase; p50/p99 over every request of every rep (${BATCH} events each).`,
        `  COPY    \`${copySql}\` by psql with the same rows as CSV on stdin (CSV built untimed), into`,
        "          prediction_event itself, truncated before: the same table, so the same primary key, 2 indexes,",
        "          constraints, triggers and month partitions, one transaction for all rows; psql's start-up,",
        "          connection and framing queries (the same psql run without the COPY, timed just before)",
        `          subtracted: the stricter baseline (with them,`,
        `          COPY would be ${Math.round(copyRateWall).toLocaleString("en-US")} ev/s). COPY does no dedupe: it writes no prediction_event_key row`,
        "          (the route writes one per event, in the same transaction) and does not lock the team row.",
        `  target  sustained events/s ≥ ${TARGET_RATIO} × COPY events/s and p99 < ${TARGET_P99_MS} ms per ${BATCH}-event request,`,
        `          judged on the ${CONCURRENCY}-sender row (the server kept busy). One sequential sender waits for each`,
        "          answer, so Node and PostgreSQL work alternate on this 2-core machine instead of overlapping: its",
        "          rate is the round trip, printed for information (verdict `info`; its p99 is still checked).",
      ].join("\n"),
    );
    // CPU time does not stretch when other processes share the cores, unlike wall time: on a busy
    // machine the CPU ratio says what the throughput ratio would be on an idle one.
    const cpuPer1000 = (phases: readonly { cpu: Cpu }[], client: "nodeMs" | "clientMs") => {
      const pick = (f: (c: Cpu) => number | undefined) => {
        const v = phases.map((p) => f(p.cpu));
        return v.some((x) => x === undefined || Number.isNaN(x)) ? undefined : median(v as number[]) / (n / 1000);
      };
      const side = pick((c) => c[client]);
      const postgres = pick((c) => c.postgresMs);
      return { side, postgres, total: side !== undefined && postgres !== undefined ? side + postgres : undefined };
    };
    const ms = (x: number | undefined) => (x === undefined ? "n/a" : x.toFixed(1));
    const copyCpu = cpuPer1000(copy, "clientMs");
    say("");
    say(`CPU per ${BATCH} events, median over reps (/proc; unlike events/s it hardly depends on other load):`);
    for (const [label, phases] of [
      ["route, 1 sender", seq],
      [`route, ${CONCURRENCY} senders`, conc],
    ] as const) {
      const c = cpuPer1000(phases, "nodeMs");
      const ratio = c.total !== undefined && copyCpu.total !== undefined ? (copyCpu.total / c.total).toFixed(2) : "n/a";
      say(
        `  ${label.padEnd(17)} ${ms(c.total).padStart(6)} ms = node ${ms(c.side)} + PostgreSQL ${ms(c.postgres)}; COPY CPU / route CPU ${ratio}`,
      );
    }
    say(
      `  ${"COPY".padEnd(17)} ${ms(copyCpu.total).padStart(6)} ms = psql ${ms(copyCpu.side)} + PostgreSQL ${ms(copyCpu.postgres)}`,
    );
    say(`\nload average at end (1/5/15 min): ${load()}`);
    return 0;
  } finally {
    process.off("SIGINT", interrupted);
    await cleanup();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (stopping) return;
    process.stderr.write(`ingest bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
