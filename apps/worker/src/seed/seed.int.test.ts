import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { accuracy, cutoffToEpochMs, rocAuc, splitSchema, temporalSplit } from "@fieldtest/core";
import {
  createDb,
  type Db,
  decodeTable,
  directoryStorage,
  findRepoRoot,
  numericColumn,
  PREDICTION_ID,
  PREDICTION_SCORE,
  stringColumn,
} from "@fieldtest/db";
import { closeQueues, getQueue } from "@fieldtest/jobs";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropIntDatabase, intDatabaseUrl } from "../testing/worker-test-context.ts";
import {
  DEMO_BENCHMARK,
  DEMO_DATASET,
  DEMO_PASSWORD,
  DEMO_SEED_VERSION,
  DEMO_TEAM,
  DEMO_USERS,
  DEMO_VERSIONS,
} from "./demo-content.ts";
import { seedDemo } from "./seed-demo.ts";

const run = promisify(execFile);
const root = findRepoRoot();

/**
 * The seed's integration tests own these databases (on DATABASE_URL's server) and never touch another.
 * Both are dropped first, so that nothing an interrupted earlier run left behind is seen.
 */
const TEST_URL = intDatabaseUrl("fieldtest_seed_int");
const UNMIGRATED_URL = intDatabaseUrl("fieldtest_seed_unmigrated_int");

let db: Db;
let storageDir: string;
const prefix = `fieldtest-seed-int-${randomUUID().slice(0, 8)}`;

function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: TEST_URL,
    FIELDTEST_STORAGE_DIR: storageDir,
    FIELDTEST_QUEUE_PREFIX: prefix,
    ...extra,
  };
}

/** `npm run db:seed` as a user runs it; resolves with its exit code and output instead of throwing. */
async function seedCli(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npm", ["run", "-s", "db:seed"], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Removes everything the seed writes, so each scenario starts from an empty demo. */
async function resetDemo(): Promise<void> {
  await db.demoSeed.deleteMany();
  await db.team.deleteMany({ where: { slug: DEMO_TEAM.slug } });
  await db.user.deleteMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });
}

async function counts() {
  const [users, accounts, teams, memberships, datasets, datasetVersions, models, versions, predictions] =
    await Promise.all([
      db.user.count(),
      db.account.count(),
      db.team.count(),
      db.membership.count(),
      db.dataset.count(),
      db.datasetVersion.count(),
      db.model.count(),
      db.modelVersion.count(),
      db.predictions.count(),
    ]);
  const [benchmarks, runs, demoSeeds] = await Promise.all([
    db.benchmark.count(),
    db.evaluationRun.count(),
    db.demoSeed.count(),
  ]);
  const files = (await readdir(storageDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
  return {
    users,
    accounts,
    teams,
    memberships,
    datasets,
    datasetVersions,
    models,
    versions,
    predictions,
    benchmarks,
    runs,
    demoSeeds,
    files,
  };
}

const storage = () => directoryStorage(storageDir);

async function seed(lines: string[] = []) {
  return seedDemo({
    db,
    storage: storage(),
    codeVersion: "seed-int-test",
    queuePrefix: prefix,
    log: (l) => lines.push(l),
  });
}

beforeAll(async () => {
  const migrations = path.join(root, "prisma", "migrations");
  if (!existsSync(migrations)) throw new Error(`no migrations in ${migrations}: the seed needs a migrated database`);
  await Promise.all([dropIntDatabase(TEST_URL), dropIntDatabase(UNMIGRATED_URL)]);
  // db:migrate creates the database it migrates.
  await run("npm", ["run", "-s", "db:migrate"], { cwd: root, env: { ...process.env, DATABASE_URL: TEST_URL } });
  db = createDb(TEST_URL);
  storageDir = await mkdtemp(path.join(tmpdir(), "fieldtest-seed-int-"));
}, 120_000);

afterAll(async () => {
  await getQueue("benchmarkRun", prefix).obliterate({ force: true });
  await closeQueues();
  if (db) {
    await resetDemo();
    await db.$disconnect();
  }
  if (storageDir) await rm(storageDir, { recursive: true, force: true });
});

describe("demo seed", () => {
  let firstCounts: Awaited<ReturnType<typeof counts>>;
  let runIds: string[] = [];

  it("seeds the team, users, dataset, model versions, predictions, benchmark and queued runs", async () => {
    const lines: string[] = [];
    const started = performance.now();
    const result = await seed(lines);
    console.log(`first seed: ${((performance.now() - started) / 1000).toFixed(2)} s`);

    expect(result.seeded).toBe(true);
    if (!result.seeded) return;
    runIds = result.runIds;
    firstCounts = await counts();
    expect(firstCounts).toMatchObject({
      users: 3,
      accounts: 3,
      teams: 1,
      memberships: 3,
      datasets: 1,
      datasetVersions: 1,
      models: 1,
      versions: 2,
      predictions: 2,
      benchmarks: 1,
      runs: 2,
      demoSeeds: 1,
      files: 3, // the dataset and two prediction uploads
    });
    expect(lines.filter((l) => l.startsWith("created user"))).toHaveLength(3);
    expect(lines).toContain(`created benchmark "${DEMO_BENCHMARK.name}" v1`);

    const team = await db.team.findUniqueOrThrow({
      where: { slug: "demo" },
      include: { memberships: { include: { user: true } } },
    });
    expect(team.name).toBe("Demo");
    expect(Object.fromEntries(team.memberships.map((m) => [m.user.email, m.role]))).toEqual({
      "member@fieldtest.dev": "member",
      "reviewer@fieldtest.dev": "reviewer",
      "admin@fieldtest.dev": "admin",
    });

    const versions = await db.modelVersion.findMany({
      include: { model: true, createdBy: true },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => [v.version, v.stage, v.endpointKind, v.model.task, v.createdBy.email])).toEqual([
      ["v0-persistence", "production", "offline", "binary_classification", "member@fieldtest.dev"],
      ["v1-logreg", "candidate", "offline", "binary_classification", "member@fieldtest.dev"],
    ]);

    const datasetVersion = await db.datasetVersion.findFirstOrThrow({ include: { dataset: true } });
    expect(datasetVersion).toMatchObject({
      rowCount: 1460,
      idColumn: "date",
      labelColumn: "rain_tomorrow",
      timestampColumn: DEMO_DATASET.timestampColumn,
    });
    expect(datasetVersion.dataset.name).toBe("Seattle weather — rain tomorrow");

    const benchmark = await db.benchmark.findFirstOrThrow();
    expect(benchmark).toMatchObject({
      name: "Seattle rain — temporal holdout",
      version: 1,
      split: { kind: "temporal", cutoff: "2014-01-01T00:00:00.000Z" },
      metrics: ["accuracy", "roc_auc"],
      threshold: 0.5,
      seed: 42,
      datasetVersionId: datasetVersion.id,
    });

    const runs = await db.evaluationRun.findMany({ where: { id: { in: runIds } } });
    expect(runs.map((r) => [r.status, r.kind, r.codeVersion, r.seed, r.datasetHash])).toEqual(
      runs.map(() => ["queued", "benchmark", "seed-int-test", 42, datasetVersion.sha256]),
    );
    for (const id of runIds) {
      const job = await getQueue("benchmarkRun", prefix).getJob(id);
      expect(job?.data).toEqual({ runId: id });
    }
  });

  it("changes nothing when run again, in process and as `npm run db:seed`", async () => {
    const lines: string[] = [];
    const started = performance.now();
    const result = await seed(lines);
    console.log(`re-seed: ${((performance.now() - started) / 1000).toFixed(3)} s`);
    expect(result).toEqual({ seeded: false, version: DEMO_SEED_VERSION });
    expect(lines).toEqual([]);
    expect(await counts()).toEqual(firstCounts);

    const cli = await seedCli(cliEnv());
    expect(cli).toMatchObject({ code: 0, stdout: `demo already seeded (version ${DEMO_SEED_VERSION})\n` });
    expect(await counts()).toEqual(firstCounts);
  });

  it("completes a seed that stopped before recording its version, without duplicating anything", async () => {
    await db.demoSeed.deleteMany();
    const lines: string[] = [];
    const result = await seed(lines);
    expect(result).toEqual({ seeded: true, version: DEMO_SEED_VERSION, runIds });
    expect(lines.filter((l) => l.startsWith("created") || l.startsWith("uploaded"))).toEqual([]);
    expect(await counts()).toEqual(firstCounts);
  });

  it("lets every demo user sign in with better-auth's email and password sign-in", async () => {
    const auth = betterAuth({
      secret: randomBytes(32).toString("hex"),
      baseURL: "http://localhost:3000",
      database: prismaAdapter(db, { provider: "postgresql" }),
      emailAndPassword: { enabled: true },
      logger: { disabled: true },
    });
    for (const { email } of DEMO_USERS) {
      const session = await auth.api.signInEmail({ body: { email, password: DEMO_PASSWORD } });
      expect(session.user.email).toBe(email);
      expect(session.token).toEqual(expect.any(String));
    }
    await expect(
      auth.api.signInEmail({ body: { email: "member@fieldtest.dev", password: "not-the-password" } }),
    ).rejects.toThrow(/invalid email or password/i);
  });

  it("uploads predictions that rank the 2014–2015 test days well, v1 better than the baseline", async () => {
    const benchmark = await db.benchmark.findFirstOrThrow({ include: { datasetVersion: true } });
    const split = splitSchema.parse(benchmark.split);
    if (split.kind !== "temporal") throw new Error("the demo benchmark is temporal");
    const dataset = decodeTable(await storage().get(benchmark.datasetVersion.storageKey));
    const ids = stringColumn(dataset, "date");
    const labels = numericColumn(dataset, "rain_tomorrow");
    const { test } = temporalSplit({
      timestamps: numericColumn(dataset, DEMO_DATASET.timestampColumn),
      cutoff: cutoffToEpochMs(split.cutoff),
    });
    expect(test.length).toBe(729);

    const metricsOf = async (version: string) => {
      const uploaded = await db.predictions.findFirstOrThrow({ where: { modelVersion: { version } } });
      const table = decodeTable(await storage().get(uploaded.storageKey));
      const scoreById = new Map<string, number>();
      const scores = numericColumn(table, PREDICTION_SCORE);
      for (const [i, id] of stringColumn(table, PREDICTION_ID).entries())
        scoreById.set(String(id), scores[i] as number);
      const y = Float64Array.from(test, (i) => labels[i] as number);
      const s = Float64Array.from(test, (i) => scoreById.get(String(ids[i])) ?? Number.NaN);
      const { threshold } = benchmark;
      if (threshold === null) throw new Error("the demo benchmark is binary: it must have a threshold");
      return { rocAuc: rocAuc(y, s), accuracy: accuracy(y, s, threshold) };
    };
    const v1 = await metricsOf(DEMO_VERSIONS.logreg.version);
    const v0 = await metricsOf(DEMO_VERSIONS.persistence.version);
    console.log(`test period: v1 ${JSON.stringify(v1)}, v0 ${JSON.stringify(v0)}`);
    expect(v1.rocAuc).toBeGreaterThan(0.7);
    expect(v0.rocAuc).toBeGreaterThan(0.6);
    expect(v1.rocAuc).toBeGreaterThan(v0.rocAuc + 0.03);
    expect(v1.accuracy).toBeGreaterThan(0.65);
  });

  it("leaves the runs queued for the sweeper when Redis is unreachable", async () => {
    await resetDemo();
    const cli = await seedCli(cliEnv({ REDIS_URL: "redis://127.0.0.1:1" }));
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/stays queued: Redis did not take it .*the worker's sweeper will enqueue it/);
    expect(cli.stdout).toMatch(/demo seeded \(version 1\)/);
    const runs = await db.evaluationRun.findMany();
    expect(runs.map((r) => r.status)).toEqual(["queued", "queued"]);
    for (const r of runs) expect(await getQueue("benchmarkRun", prefix).getJob(r.id)).toBeUndefined();
    expect(await db.demoSeed.count()).toBe(1);
  });

  it("fails with exit code 1 and says so when the database is not migrated", async () => {
    // The real migration runner with no migrations: it creates the database and leaves it empty.
    const empty = await mkdtemp(path.join(tmpdir(), "fieldtest-seed-no-migrations-"));
    try {
      await run("npm", ["run", "-s", "migrate", "-w", "@fieldtest/db", "--", "--migrations", empty], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: UNMIGRATED_URL },
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    const cli = await seedCli(cliEnv({ DATABASE_URL: UNMIGRATED_URL }));
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("is not migrated");
    expect(cli.stderr).toContain("npm run db:migrate");
  });
});
