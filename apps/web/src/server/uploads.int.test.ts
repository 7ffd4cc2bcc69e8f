import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./api/testing/int-env");
  return applyIntegrationEnv();
});

import { getDb } from "@fieldtest/db";
import { closeQueues } from "@fieldtest/jobs";
import { POST as uploadDataset } from "../app/api/uploads/datasets/route";
import { POST as uploadPredictions } from "../app/api/uploads/predictions/route";
import {
  callerFor,
  cleanUp,
  createTeam,
  createUser,
  DATASET_CSV,
  migrateTestDatabase,
  PREDICTIONS_CSV,
  type TestUser,
} from "./api/testing/fixtures";

const db = getDb();
let alice: TestUser;
let bob: TestUser;
let teamA: { id: string };
let teamB: { id: string };

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  alice = await createUser("alice");
  bob = await createUser("bob");
  teamA = await createTeam("Alpha", [{ user: alice }]);
  teamB = await createTeam("Bravo", [{ user: bob }]);
}, 120_000);

afterAll(async () => {
  await cleanUp([teamA?.id, teamB?.id].filter(Boolean) as string[], [alice?.id, bob?.id].filter(Boolean) as string[]);
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

function post(user: TestUser | null, fields: Record<string, string | Blob>, url = "http://localhost/api/uploads") {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return new Request(url, { method: "POST", body: form, headers: user ? { cookie: user.cookie } : {} });
}

const csv = (text: string) => new File([text], "data.csv", { type: "text/csv" });

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { field: string | null; message: string } };
  return { status: response.status, field: body.error.field, message: body.error.message };
}

const counts = async () => ({
  datasets: await db.dataset.count(),
  datasetVersions: await db.datasetVersion.count(),
  predictions: await db.predictions.count(),
});

const datasetFields = (teamId: string, extra: Record<string, string | Blob> = {}) => ({
  teamId,
  datasetName: "uploads-it",
  file: csv(DATASET_CSV),
  idColumn: "id",
  labelColumn: "label",
  timestampColumn: "ts",
  ...extra,
});

describe("dataset upload", () => {
  it("needs a session, a team of the caller and valid columns; stores nothing otherwise", async () => {
    const before = await counts();
    expect((await errorOf(await uploadDataset(post(null, datasetFields(teamA.id))))).status).toBe(401);
    expect(await errorOf(await uploadDataset(post(bob, datasetFields(teamA.id))))).toMatchObject({
      status: 404,
      field: "teamId",
    });
    expect(
      await errorOf(await uploadDataset(post(alice, datasetFields(teamA.id, { labelColumn: "target" })))),
    ).toMatchObject({
      status: 400,
      field: "labelColumn",
    });
    expect(await errorOf(await uploadDataset(post(alice, datasetFields(teamA.id, { file: csv("") }))))).toMatchObject({
      status: 400,
      field: "file",
    });
    expect(await errorOf(await uploadDataset(post(alice, datasetFields(teamA.id, { idColumn: "" }))))).toMatchObject({
      status: 400,
      field: "idColumn",
    });
    const notMultipart = new Request("http://localhost/api/uploads", {
      method: "POST",
      body: "{}",
      headers: { cookie: alice.cookie, "content-type": "application/json" },
    });
    expect((await errorOf(await uploadDataset(notMultipart))).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it("stores a version, then recognises identical content", async () => {
    const first = await uploadDataset(post(alice, datasetFields(teamA.id)));
    expect(first.status).toBe(201);
    const body = (await first.json()) as { datasetVersion: { id: string; version: number; rowCount: number } };
    expect(body.datasetVersion).toMatchObject({ version: 1, rowCount: 6 });
    const again = await uploadDataset(post(alice, datasetFields(teamA.id)));
    expect(again.status).toBe(200);
    expect(((await again.json()) as typeof body).datasetVersion.id).toBe(body.datasetVersion.id);
  });
});

describe("predictions upload", () => {
  it("stores an offline version's predictions for a dataset version of its team", async () => {
    const api = await callerFor(alice);
    const model = await api.model.create({ teamId: teamA.id, name: "uploads-model", task: "binary_classification" });
    const version = await api.modelVersion.create({ modelId: model.id, version: "1", endpointKind: "offline" });
    const dataset = (await (
      await uploadDataset(post(alice, datasetFields(teamA.id, { datasetName: "preds-ds" })))
    ).json()) as {
      datasetVersion: { id: string };
    };
    const fields = {
      modelVersionId: version.id,
      datasetVersionId: dataset.datasetVersion.id,
      file: csv(PREDICTIONS_CSV),
    };

    const before = await counts();
    expect((await errorOf(await uploadPredictions(post(null, fields)))).status).toBe(401);
    expect(await errorOf(await uploadPredictions(post(bob, fields)))).toMatchObject({
      status: 404,
      field: "modelVersionId",
    });
    expect(
      await errorOf(await uploadPredictions(post(alice, { ...fields, datasetVersionId: crypto.randomUUID() }))),
    ).toMatchObject({ status: 404, field: "datasetVersionId" });
    expect(
      await errorOf(await uploadPredictions(post(alice, { ...fields, file: csv("id,score\nr1,1.5\n") }))),
    ).toMatchObject({ status: 400, field: "file" });
    expect(
      await errorOf(await uploadPredictions(post(alice, { ...fields, file: csv("id,score\nzz,0.5\n") }))),
    ).toMatchObject({ status: 400, field: "file" });
    expect(await counts()).toEqual(before);

    const stored = await uploadPredictions(post(alice, fields));
    expect(stored.status).toBe(201);
    expect(((await stored.json()) as { predictions: { rowCount: number } }).predictions.rowCount).toBe(6);
    const different = await uploadPredictions(
      post(alice, { ...fields, file: csv(PREDICTIONS_CSV.replace("0.9", "0.8")) }),
    );
    expect(await errorOf(different)).toMatchObject({ status: 409, field: "file" });
  });
});
