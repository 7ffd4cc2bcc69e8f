// `npm run bench -w @fieldtest/web -- [--quick]` (part of the root `npm run bench`): the portfolio
// page's server time with 1,000 models (issue 7, "Done when"): p95 under 500 ms over at least 20
// requests sorted by a metric across all models, and the same number of database queries as with
// 10 models. Times model.portfolio's work (packages/db portfolioView: the page of rows, one SQL
// statement, and the sidebar's facet counts with the counters, one more, side by side) in-process
// on the app's own role, beside the baseline in the same run: the former portfolio query
// (model.list, Prisma's nested include of every model's versions, runs and metric values).
// Own database <DATABASE_URL's database>_bench_portfolio, dropped at the end. Exit 0 whatever the verdict (a
// measurement), 1 on an error, 2 when PostgreSQL cannot be reached.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpus, loadavg, totalmem } from "node:os";
import { promisify } from "node:util";
import {
  appDatabaseUrl,
  createDb,
  type Db,
  dbEnv,
  dropDatabase,
  findRepoRoot,
  type PortfolioQuery,
  type PortfolioViewer,
  portfolioFacets,
  portfolioPage,
  portfolioView,
} from "@fieldtest/db";

/** Its own database, named after DATABASE_URL's so engineers sharing a server do not drop each other's. */
function benchDatabaseName(serverUrl: string): string {
  const current = decodeURIComponent(new URL(serverUrl).pathname.slice(1));
  return current && current !== "fieldtest" ? `${current}_bench_portfolio` : "fieldtest_bench_portfolio";
}
const MODELS = 1_000;
const SMALL = 10;
const RUNS_PER_VERSION = 6;
const TARGET_P95_MS = 500;
const say = (line: string) => process.stdout.write(`${line}\n`);
const quick = process.argv.includes("--quick");
const REQUESTS = quick ? 20 : 40;

/** Counts the client calls (each one SQL statement for $queryRaw) a function makes. */
function counting(db: Db): { db: Db; count: () => number } {
  let n = 0;
  const wrap = (target: object): object =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof prop === "string" && prop.startsWith("$query") && typeof value === "function") {
          return (...args: unknown[]) => {
            n++;
            return (value as (...a: unknown[]) => unknown).apply(obj, args);
          };
        }
        if (typeof prop === "string" && !prop.startsWith("$") && value && typeof value === "object") {
          return new Proxy(value, {
            get(delegate, method, r) {
              const fn = Reflect.get(delegate, method, r);
              if (typeof fn !== "function") return fn;
              return (...args: unknown[]) => {
                n++;
                return (fn as (...a: unknown[]) => unknown).apply(delegate, args);
              };
            },
          });
        }
        return value;
      },
    });
  return { db: wrap(db) as Db, count: () => n };
}

/** The portfolio query before this one: every model with all versions' latest run and its roc_auc (model.list). */
function baselineList(db: Db, teamIds: string[]) {
  return db.model.findMany({
    where: { teamId: { in: teamIds } },
    orderBy: [{ team: { name: "asc" } }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      task: true,
      team: { select: { id: true, name: true } },
      _count: { select: { versions: true } },
      versions: {
        select: {
          version: true,
          runs: {
            orderBy: { createdAt: "desc" },
            take: 1,
            select: {
              id: true,
              status: true,
              createdAt: true,
              metricValues: { where: { metric: "roc_auc", slice: "" }, select: { value: true, n: true } },
            },
          },
        },
      },
    },
  });
}

const METRICS = [
  "roc_auc",
  "average_precision",
  "log_loss",
  "brier_score",
  "ece",
  "accuracy",
  "precision",
  "recall",
  "f1",
  "balanced_accuracy",
  "mcc",
];

/** `count` models in a fresh team: 3 versions each (retired, production, candidate), 6 runs of 11 metrics on production, 2 reports (some verdicts worsen, a quarter fail the gap gate), some reviews. */
async function seedTeam(db: Db, count: number, userId: string, benchmarkId: string, datasetTeam: string) {
  const teamId = datasetTeam;
  const models: { id: string; teamId: string; name: string; task: "binary_classification"; createdById: string }[] = [];
  for (let i = 0; i < count; i++) {
    models.push({
      id: randomUUID(),
      teamId,
      name: `model-${String(i).padStart(4, "0")}`,
      task: "binary_classification",
      createdById: userId,
    });
  }
  await db.model.createMany({ data: models });
  const versions: {
    id: string;
    modelId: string;
    version: string;
    stage: "retired" | "production" | "candidate";
    createdById: string;
    lastChangedById: string;
    createdAt: Date;
  }[] = [];
  const t0 = Date.UTC(2026, 0, 1);
  for (const m of models) {
    (["retired", "production", "candidate"] as const).forEach((stage, k) => {
      versions.push({
        id: randomUUID(),
        modelId: m.id,
        version: `v${k + 1}`,
        stage,
        createdById: userId,
        lastChangedById: userId,
        createdAt: new Date(t0 + k * 86_400_000),
      });
    });
  }
  for (let i = 0; i < versions.length; i += 5_000)
    await db.modelVersion.createMany({ data: versions.slice(i, i + 5_000) });
  const production = versions.filter((v) => v.stage === "production");
  const runs: object[] = [];
  const metrics: object[] = [];
  const reports: object[] = [];
  production.forEach((v, i) => {
    for (let r = 0; r < RUNS_PER_VERSION; r++) {
      const id = randomUUID();
      const at = new Date(t0 + (r + 3) * 86_400_000 + i);
      runs.push({
        id,
        teamId,
        kind: "benchmark",
        status: "succeeded",
        modelVersionId: v.id,
        benchmarkId,
        seed: 1,
        datasetHash: "a".repeat(64),
        configHash: "c".repeat(64),
        config: {},
        codeVersion: "bench",
        createdById: userId,
        createdAt: at,
        finishedAt: at,
      });
      const base = 0.6 + ((i * 37) % 300) / 1000 + r / 200;
      for (const metric of METRICS)
        metrics.push({
          runId: id,
          modelVersionId: v.id,
          metric,
          value: base,
          lower: base - 0.02,
          upper: base + 0.02,
          level: 0.95,
          n: 2000,
        });
    }
    for (let k = 0; k < 2; k++) {
      reports.push({
        teamId,
        modelVersionId: v.id,
        verdict: (["ready", "not_ready", "insufficient_evidence"] as const)[(i + k) % 3],
        policy: {},
        evidence: {},
        counts: {},
        evidenceHash: `h${k}`,
        // A quarter fail their gap gate; half the models were judged last week, half this week.
        gates: [
          { id: "gap-roc-auc", kind: "gap", status: i % 4 === 0 ? "fail" : "pass", observed: 0.1 + (i % 10) / 100 },
        ],
        createdAt: new Date(t0 + ((i % 2 === 0 ? 10 : 1) + k) * 86_400_000),
      });
    }
  });
  for (let i = 0; i < runs.length; i += 5_000)
    await db.evaluationRun.createMany({ data: runs.slice(i, i + 5_000) as never });
  for (let i = 0; i < metrics.length; i += 10_000)
    await db.metricValue.createMany({ data: metrics.slice(i, i + 10_000) as never });
  for (let i = 0; i < reports.length; i += 5_000)
    await db.readinessReport.createMany({ data: reports.slice(i, i + 5_000) as never });
  const firstReport = await db.readinessReport.findFirstOrThrow({ where: { teamId }, select: { id: true } });
  const candidates = versions.filter((v) => v.stage === "candidate").filter((_, i) => i % 10 === 0);
  await db.review.createMany({
    data: candidates.map((v) => ({
      teamId,
      modelVersionId: v.id,
      requestedById: userId,
      requestReportId: firstReport.id,
    })),
  });
  return {
    teamId,
    rows: {
      versions: versions.length,
      runs: runs.length,
      metricValues: metrics.length,
      reports: reports.length,
      reviews: candidates.length,
    },
  };
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i] as number;
}

async function timed(n: number, run: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run(i);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { n, p50: percentile(ms, 0.5), p95: percentile(ms, 0.95), max: ms[ms.length - 1] as number };
}

const fmt = (t: { n: number; p50: number; p95: number; max: number }) =>
  `n=${t.n}  p50 ${t.p50.toFixed(1)} ms  p95 ${t.p95.toFixed(1)} ms  max ${t.max.toFixed(1)} ms`;

async function main(): Promise<number> {
  const serverUrl = dbEnv().DATABASE_URL;
  const DATABASE_NAME = benchDatabaseName(serverUrl);
  const url = new URL(serverUrl);
  url.pathname = `/${DATABASE_NAME}`;
  url.search = "";
  const databaseUrl = url.toString();
  try {
    await dropDatabase(serverUrl, DATABASE_NAME);
  } catch (err) {
    process.stderr.write(`portfolio bench: PostgreSQL at ${url.host} cannot be reached (${(err as Error).message})\n`);
    return 2;
  }
  const cpu = cpus();
  say(`fieldtest portfolio bench — ${quick ? "quick" : "full"} run, ${new Date().toISOString()}`);
  say(
    `machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await promisify(execFile)("npm", ["run", "-s", "db:migrate"], {
    cwd: findRepoRoot(),
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  const owner = createDb(databaseUrl);
  // Timed as the application connects: its own role (no owner, no superuser).
  const app = createDb(appDatabaseUrl(databaseUrl));
  try {
    const userId = randomUUID();
    await owner.user.create({ data: { id: userId, name: "Bench", email: `${userId}@bench.test` } });
    // The viewer: a reviewer of both teams who authored nothing (every open review awaits them).
    const viewerId = randomUUID();
    await owner.user.create({ data: { id: viewerId, name: "Reviewer", email: `${viewerId}@bench.test` } });
    const big = (await owner.team.create({ data: { slug: "bench-big", name: "Big" } })).id;
    const small = (await owner.team.create({ data: { slug: "bench-small", name: "Small" } })).id;
    await owner.membership.createMany({
      data: [big, small].flatMap((teamId) => [
        { teamId, userId, role: "admin" as const },
        { teamId, userId: viewerId, role: "reviewer" as const },
      ]),
    });
    const dataset = await owner.dataset.create({ data: { teamId: big, name: "d", createdById: userId } });
    const dv = await owner.datasetVersion.create({
      data: {
        datasetId: dataset.id,
        version: 1,
        sha256: "a".repeat(64),
        rowCount: 1,
        sizeBytes: 1,
        columns: [],
        idColumn: "id",
        labelColumn: "y",
        storageKey: "k",
        createdById: userId,
      },
    });
    const benchmark = await owner.benchmark.create({
      data: {
        teamId: big,
        name: "b",
        datasetVersionId: dv.id,
        split: { kind: "random", testFraction: 0.3 },
        metrics: METRICS,
        seed: 1,
        createdById: userId,
      },
    });
    const seedStart = performance.now();
    const bigSeed = await seedTeam(owner, MODELS, userId, benchmark.id, big);
    await seedTeam(owner, SMALL, userId, benchmark.id, small);
    await owner.$executeRawUnsafe("ANALYZE");
    say(
      `seeded: ${MODELS} models (${Object.entries(bigSeed.rows)
        .map(([k, v]) => `${v.toLocaleString("en-US")} ${k}`)
        .join(", ")}) and a ${SMALL}-model team, in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    say(
      `method: packages/db portfolioView (model.portfolio's work: rows + facets + counters) called in-process as role fieldtest_app by a reviewer of the team, page size 50, ${REQUESTS} sequential requests per row after 3 warm-up calls; baseline: the former portfolio query (model.list) on the same data, same run`,
    );
    say("");

    // "This week" ends two days after the reports (so some alerts are this week's).
    const now = new Date(Date.UTC(2026, 0, 13));
    const viewerOf = (teamId: string): PortfolioViewer => ({ teamIds: [teamId], userId: viewerId, now });
    type Work = (viewer: PortfolioViewer, query: PortfolioQuery) => Promise<unknown>;
    const view: Work = (viewer, query) => portfolioView(app, viewer, query);
    const variants: [string, Work, (i: number) => PortfolioQuery][] = [
      ["rows + facets + counters, sorted by roc_auc across all models, page 1", view, () => ({ sort: "metric" })],
      [
        "rows only (portfolioPage), sorted by roc_auc, page 1",
        (viewer, query) => portfolioPage(app, viewer, query),
        () => ({ sort: "metric" }),
      ],
      ["facets + counters only (portfolioFacets)", (viewer, query) => portfolioFacets(app, viewer, query), () => ({})],
      [
        "rows + facets + counters, sorted by readiness, a page deep in the list",
        view,
        (i) => ({ sort: "readiness", page: 1 + (i % 20) }),
      ],
      ['rows + facets + counters, search "model-09"', view, () => ({ search: "model-09" })],
      [
        "rows + facets + counters, 3 facets active (verdict, open review, alert this week), sorted by roc_auc",
        view,
        () => ({ sort: "metric", verdicts: ["not_ready", "insufficient_evidence"], review: "open", alert: "week" }),
      ],
    ];
    let headline = { n: 0, p50: 0, p95: Number.POSITIVE_INFINITY, max: 0 };
    for (const [label, work, queryOf] of variants) {
      for (let w = 0; w < 3; w++) await work(viewerOf(big), queryOf(w));
      const t = await timed(REQUESTS, (i) => work(viewerOf(big), queryOf(i)));
      if (label.startsWith("rows + facets + counters, sorted by roc_auc")) headline = t;
      say(`portfolio, ${MODELS} models, ${label}: ${fmt(t)}`);
    }
    for (let w = 0; w < 2; w++) await baselineList(app, [big]);
    const base = await timed(Math.min(REQUESTS, 20), () => baselineList(app, [big]));
    say(`baseline (former model.list, all ${MODELS} models, unsorted by metric, no readiness/trend/gap): ${fmt(base)}`);

    const bigCount = counting(app);
    const bigView = await portfolioView(bigCount.db, viewerOf(big), { sort: "metric", review: "open" });
    const smallCount = counting(app);
    const smallView = await portfolioView(smallCount.db, viewerOf(small), { sort: "metric", review: "open" });
    say(
      `database queries per page (rows + facets + counters): ${smallCount.count()} with ${SMALL} models, ${bigCount.count()} with ${MODELS} models (client calls; each is one SQL statement)`,
    );
    const c = bigView.counters;
    say(
      `sanity, ${MODELS} models: verdicts ${JSON.stringify(c.verdict)}, regressions this week ${c.regressionsThisWeek}, reviews awaiting the viewer ${c.reviewsAwaitingMe}, open-review filter ${bigView.total} models; ${SMALL} models: ${smallView.counters.models} models`,
    );
    say("");
    const ok = headline.p95 < TARGET_P95_MS && bigCount.count() === smallCount.count();
    say(
      `target (issue 7): p95 < ${TARGET_P95_MS} ms over ≥ 20 requests (rows + facets + counters) sorted by a metric with ${MODELS} models, same query count as ${SMALL} models → ${ok ? "MET" : "NOT MET"} (p95 ${headline.p95.toFixed(1)} ms, ${headline.n} requests; ${(base.p50 / headline.p50).toFixed(1)}× faster than the baseline at p50)`,
    );
    return 0;
  } finally {
    await app.$disconnect();
    await owner.$disconnect();
    await dropDatabase(serverUrl, DATABASE_NAME);
    say(`cleanup: dropped database ${DATABASE_NAME}`);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`portfolio bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
