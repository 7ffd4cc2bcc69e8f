import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createDb, type Db, directoryStorage, findRepoRoot } from "@fieldtest/db";
import { closeQueues, type DemoLoadProgress, getQueue } from "@fieldtest/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedTeam } from "../seed/seed-team.ts";
import { dropIntDatabase, intDatabaseUrl } from "../testing/worker-test-context.ts";
import { FULL_SCALE_STEPS, loadFlightsFullScale } from "./load-flights-full-scale.ts";

const run = promisify(execFile);
const root = findRepoRoot();
/** This test's own database (dropped first, so nothing an interrupted run left is seen). */
const TEST_URL = intDatabaseUrl("fieldtest_demo_load_int");
const prefix = `fieldtest-demo-load-int-${randomUUID().slice(0, 8)}`;
/** The first flights of the real file: January 1st–2nd, 2001 (no June flights: no traffic). */
const ROW_LIMIT = 20_000;

let db: Db;
let storageDir: string;

beforeAll(async () => {
  await dropIntDatabase(TEST_URL);
  await run("npm", ["run", "-s", "db:migrate"], { cwd: root, env: { ...process.env, DATABASE_URL: TEST_URL } });
  db = createDb(TEST_URL);
  storageDir = await mkdtemp(path.join(tmpdir(), "fieldtest-demo-load-int-"));
}, 120_000);

afterAll(async () => {
  await getQueue("benchmarkRun", prefix).obliterate({ force: true });
  await closeQueues();
  await db?.$disconnect();
  if (storageDir) await rm(storageDir, { recursive: true, force: true });
});

async function counts() {
  const [datasets, datasetVersions, models, versions, predictions, benchmarks, runs, events, evaluations] =
    await Promise.all([
      db.dataset.count(),
      db.datasetVersion.count(),
      db.model.count(),
      db.modelVersion.count(),
      db.predictions.count(),
      db.benchmark.count(),
      db.evaluationRun.count(),
      db.predictionEvent.count(),
      db.shadowEvaluation.count(),
    ]);
  return { datasets, datasetVersions, models, versions, predictions, benchmarks, runs, events, evaluations };
}

describe("loadFlightsFullScale on a prefix of flights-3m.parquet", () => {
  it("streams the file, stores the dataset, predictions, benchmark and runs, reporting progress; a rerun adds nothing", async () => {
    const { team, users } = await seedTeam({ db, log: () => {} });
    const author = users.get("member@fieldtest.dev");
    if (!author) throw new Error("no demo author");
    const progress: DemoLoadProgress[] = [];
    const lines: string[] = [];
    const load = () =>
      loadFlightsFullScale({
        db,
        storage: directoryStorage(storageDir),
        teamId: team.id,
        userId: author.id,
        codeVersion: "demo-load-int-test",
        replayFrom: new Date("2026-01-01T00:00:00.000Z"),
        queuePrefix: prefix,
        log: (line) => lines.push(line),
        rowLimit: ROW_LIMIT,
        onProgress: (p) => {
          progress.push(p);
        },
      });
    const started = performance.now();
    const story = await load();
    console.log(`loaded ${ROW_LIMIT} flights in ${((performance.now() - started) / 1000).toFixed(2)} s`);

    // Progress: the steps in order, reading counted in flights up to the prefix.
    const reading = progress.filter((p) => p.step === FULL_SCALE_STEPS[0]);
    expect(reading[0]).toEqual({
      step: "reading flights",
      stepNumber: 1,
      steps: 7,
      done: 0,
      total: ROW_LIMIT,
      unit: "flights",
    });
    expect(reading.at(-1)).toMatchObject({ done: ROW_LIMIT, total: ROW_LIMIT });
    const numbers = progress.map((p) => p.stepNumber);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(progress.map((p) => p.step))).toEqual(new Set(FULL_SCALE_STEPS));

    const datasetVersion = await db.datasetVersion.findFirstOrThrow({ include: { dataset: true } });
    expect(datasetVersion).toMatchObject({
      rowCount: ROW_LIMIT,
      idColumn: "flight_id",
      labelColumn: "delayed",
      timestampColumn: "departure",
    });
    expect(datasetVersion.dataset.name).toBe("US flights 2001 — delayed over 15 min (all flights)");
    expect(datasetVersion.dataset.description).toContain("delay > 15");
    expect(story.runs.map((r) => r.status)).toEqual(["queued", "queued"]);
    for (const r of story.runs)
      expect((await getQueue("benchmarkRun", prefix).getJob(r.id))?.data).toEqual({ runId: r.id });
    expect(story.benchmark).toMatchObject({
      split: { kind: "temporal", cutoff: "2001-02-01T00:00:00.000Z" },
      bootstrapResamples: 200,
    });
    const first = await counts();
    expect(first).toEqual({
      datasets: 1,
      datasetVersions: 1,
      models: 1,
      versions: 2,
      predictions: 2,
      benchmarks: 1,
      runs: 2,
      events: 0, // the prefix holds no June flight
      evaluations: 0, // the shadow is started by the demo-load processor, after the runs
    });

    lines.length = 0;
    await load();
    expect(lines.filter((l) => /^(created|uploaded|ingested)/.test(l))).toEqual([]);
    expect(await counts()).toEqual(first);
  });
});
