import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { chunksOf, createDatasetVersion, directoryStorage, getDb, savePredictions } from "@fieldtest/db";
import { closeQueues, scheduledRunQueue } from "@fieldtest/jobs";
import {
  callerFor,
  cleanUpCreated,
  createTwoTeams,
  DATASET_CSV,
  failure,
  migrateTestDatabase,
  PREDICTIONS_CSV,
  type TestUser,
} from "./testing/fixtures";
import { errorField } from "./trpc";

const db = getDb();
const queue = () => scheduledRunQueue(testEnv.queuePrefix);

let alice: TestUser;
let bob: TestUser;
let teamA: { id: string };
let teamB: { id: string };

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  ({ alice, bob, teamA, teamB } = await createTwoTeams());
}, 120_000);

afterAll(async () => {
  await cleanUpCreated([teamA, teamB], [alice, bob]);
  await queue().obliterate({ force: true });
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

/** An offline version with predictions and a benchmark on its dataset version, in `team`. */
async function setup(tag: string, user: TestUser, team: { id: string }) {
  const api = await callerFor(user);
  const model = await api.model.create({ teamId: team.id, name: `model-${tag}`, task: "binary_classification" });
  const version = await api.modelVersion.create({
    modelId: model.id,
    version: "1.0.0",
    endpoint: { protocol: "offline" },
  });
  const storage = directoryStorage(testEnv.storageDir);
  const { datasetVersion } = await createDatasetVersion({
    db,
    storage,
    teamId: team.id,
    datasetName: `dataset-${tag}`,
    body: chunksOf(DATASET_CSV),
    format: "csv",
    idColumn: "id",
    labelColumn: "label",
    timestampColumn: "ts",
    userId: user.id,
  });
  await savePredictions({
    db,
    storage,
    teamId: team.id,
    modelVersionId: version.id,
    datasetVersionId: datasetVersion.id,
    body: chunksOf(PREDICTIONS_CSV),
    format: "csv",
    userId: user.id,
  });
  const benchmark = await api.benchmark.create({
    name: `bench-${tag}`,
    datasetVersionId: datasetVersion.id,
    split: { kind: "random", testFraction: 0.5 },
    seed: 7,
    metrics: ["roc_auc", "accuracy"],
    threshold: 0.5,
  });
  return { api, model, version, benchmark };
}

describe("schedule router", () => {
  it("creates schedules with their job schedulers, lists them, pauses, resumes and deletes", async () => {
    const { api, model, version, benchmark } = await setup("crud", alice, teamA);

    const every = await api.schedule.create({
      benchmarkId: benchmark.id,
      modelVersionId: version.id,
      everySeconds: 30,
    });
    expect(every).toMatchObject({
      everySeconds: 30,
      cron: null,
      timezone: "UTC",
      paused: false,
      createdById: alice.id,
    });
    expect(await queue().getJobScheduler(every.id)).toMatchObject({ every: 30_000 });

    const cron = await api.schedule.create({
      benchmarkId: benchmark.id,
      modelId: model.id,
      stageAlias: "production",
      cron: " 0  6 * * * ",
      timezone: "Europe/Berlin",
    });
    expect(cron).toMatchObject({ cron: "0 6 * * *", stageAlias: "production", modelVersionId: null });
    expect(await queue().getJobScheduler(cron.id)).toMatchObject({ pattern: "0 6 * * *", tz: "Europe/Berlin" });

    const listed = await api.schedule.list({ benchmarkId: benchmark.id });
    expect(listed.map((s) => s.id)).toEqual([every.id, cron.id]);
    expect(listed[0]).toMatchObject({ runCount: 0, lastRun: null, nextFireKnown: true });
    expect(listed[0]?.nextFireAt).toBeInstanceOf(Date);
    expect(listed[1]).toMatchObject({ model: { id: model.id }, benchmark: { id: benchmark.id } });
    expect((await api.schedule.list({})).map((s) => s.id)).toEqual(expect.arrayContaining([every.id, cron.id]));

    expect(await api.schedule.pause({ scheduleId: every.id })).toMatchObject({ paused: true });
    expect(await queue().getJobScheduler(every.id)).toBeUndefined();
    expect((await api.schedule.list({ benchmarkId: benchmark.id }))[0]).toMatchObject({
      paused: true,
      nextFireAt: null,
    });

    expect(await api.schedule.resume({ scheduleId: every.id })).toMatchObject({ paused: false });
    expect(await queue().getJobScheduler(every.id)).toMatchObject({ every: 30_000 });

    expect(await api.schedule.remove({ scheduleId: every.id })).toEqual({ id: every.id });
    expect(await db.schedule.findUnique({ where: { id: every.id } })).toBeNull();
    expect(await queue().getJobScheduler(every.id)).toBeUndefined();
    expect((await failure(api.schedule.remove({ scheduleId: every.id }))).code).toBe("NOT_FOUND");

    const targets = await api.schedule.targets({ benchmarkId: benchmark.id });
    expect(targets).toEqual([
      { id: model.id, name: model.name, versions: [expect.objectContaining({ id: version.id })] },
    ]);
  });

  it.each([
    ["a cron expression that is not one", { cron: "61 * * * *" }, "cron"],
    ["a cron expression with 6 fields", { cron: "0 0 6 * * *" }, "cron"],
    ["both cadences", { cron: "0 6 * * *", everySeconds: 60 }, "cron"],
    ["no cadence", {}, "cron"],
    ["too short an interval", { everySeconds: 5 }, "everySeconds"],
    ["a fractional interval", { everySeconds: 10.5 }, "everySeconds"],
    ["an unknown time zone", { cron: "0 6 * * *", timezone: "Mars/Olympus" }, "timezone"],
  ])("refuses %s (BAD_INPUT naming %s) and writes nothing", async (_what, cadence, field) => {
    const { api, version, benchmark } = await setup(
      `bad-${field}-${Math.random().toString(36).slice(2, 8)}`,
      alice,
      teamA,
    );
    const err = await failure(
      api.schedule.create({ benchmarkId: benchmark.id, modelVersionId: version.id, ...cadence } as never),
    );
    expect(err.code).toBe("BAD_REQUEST");
    expect(errorField(err)).toBe(field);
    expect(await db.schedule.count({ where: { benchmarkId: benchmark.id } })).toBe(0);
  });

  it("refuses a missing, double or half target, naming the field", async () => {
    const { api, model, version, benchmark } = await setup("targets", alice, teamA);
    const cases: [Record<string, unknown>, string][] = [
      [{}, "modelVersionId"],
      [{ modelVersionId: version.id, modelId: model.id, stageAlias: "production" }, "modelVersionId"],
      [{ modelId: model.id }, "stageAlias"],
      [{ stageAlias: "candidates" }, "modelId"],
      [{ modelId: model.id, stageAlias: "staging" }, "stageAlias"],
    ];
    for (const [target, field] of cases) {
      const err = await failure(
        api.schedule.create({ benchmarkId: benchmark.id, everySeconds: 60, ...target } as never),
      );
      expect(err.code, JSON.stringify(target)).toBe("BAD_REQUEST");
      expect(errorField(err), JSON.stringify(target)).toBe(field);
    }
    expect(await db.schedule.count({ where: { benchmarkId: benchmark.id } })).toBe(0);
  });

  it("never shows or touches another team's schedules, benchmarks or versions (NOT_FOUND)", async () => {
    const a = await setup("scope-a", alice, teamA);
    const b = await setup("scope-b", bob, teamB);
    const schedule = await a.api.schedule.create({
      benchmarkId: a.benchmark.id,
      modelVersionId: a.version.id,
      everySeconds: 60,
    });

    const onOthersBenchmark = await failure(
      b.api.schedule.create({ benchmarkId: a.benchmark.id, modelVersionId: b.version.id, everySeconds: 60 }),
    );
    expect([onOthersBenchmark.code, errorField(onOthersBenchmark)]).toEqual(["NOT_FOUND", "benchmarkId"]);
    const withOthersVersion = await failure(
      b.api.schedule.create({ benchmarkId: b.benchmark.id, modelVersionId: a.version.id, everySeconds: 60 }),
    );
    expect([withOthersVersion.code, errorField(withOthersVersion)]).toEqual(["NOT_FOUND", "modelVersionId"]);
    const withOthersModel = await failure(
      b.api.schedule.create({
        benchmarkId: b.benchmark.id,
        modelId: a.model.id,
        stageAlias: "production",
        everySeconds: 60,
      }),
    );
    expect([withOthersModel.code, errorField(withOthersModel)]).toEqual(["NOT_FOUND", "modelId"]);

    for (const call of [b.api.schedule.pause, b.api.schedule.resume, b.api.schedule.remove]) {
      const err = await failure(call({ scheduleId: schedule.id }));
      expect([err.code, errorField(err)]).toEqual(["NOT_FOUND", "scheduleId"]);
    }
    expect(await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ paused: false });
    expect(await queue().getJobScheduler(schedule.id)).toBeDefined();
    expect((await b.api.schedule.list({})).map((s) => s.id)).not.toContain(schedule.id);
    expect(await b.api.schedule.list({ benchmarkId: a.benchmark.id })).toEqual([]);
    expect((await failure(b.api.schedule.list({ teamId: teamA.id }))).code).toBe("NOT_FOUND");
    expect((await failure(b.api.schedule.targets({ benchmarkId: a.benchmark.id }))).code).toBe("NOT_FOUND");
    expect((await failure((await callerFor(null)).schedule.list({}))).code).toBe("UNAUTHORIZED");
  });
});
