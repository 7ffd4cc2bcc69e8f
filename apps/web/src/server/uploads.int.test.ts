import { existsSync, readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./api/testing/int-env");
  return applyIntegrationEnv();
});

import { createDatasetVersion, dbEnv, directoryStorage, getDb } from "@fieldtest/db";
import { closeQueues } from "@fieldtest/jobs";
import { POST as inspectDataset } from "../app/api/uploads/datasets/inspect/route";
import { POST as uploadDataset } from "../app/api/uploads/datasets/route";
import { POST as uploadPredictions } from "../app/api/uploads/predictions/route";
import {
  callerFor,
  cleanUpCreated,
  createTwoTeams,
  createUser,
  DATASET_CSV,
  migrateTestDatabase,
  PREDICTIONS_CSV,
  type TestUser,
} from "./api/testing/fixtures";
import { handleUpload } from "./uploads";

const db = getDb();
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
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

/** A raw-body upload: the file as the body, the other fields in the query string. */
function post(
  user: TestUser | null,
  params: Record<string, string>,
  file: BodyInit | null,
  options: { contentType?: string; url?: string; headers?: Record<string, string> } = {},
) {
  const url = new URL(options.url ?? "http://localhost/api/uploads");
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const headers: Record<string, string> = { ...(user ? { cookie: user.cookie } : {}), ...options.headers };
  if (options.contentType !== undefined) headers["content-type"] = options.contentType;
  const streamed = file instanceof ReadableStream;
  return new Request(url, {
    method: "POST",
    body: file,
    headers,
    ...(streamed ? { duplex: "half" } : {}),
  } as RequestInit);
}

const CSV_TYPE = { contentType: "text/csv" };

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { field: string | null; message: string } };
  return { status: response.status, field: body.error.field, message: body.error.message };
}

const counts = async () => ({
  datasets: await db.dataset.count(),
  datasetVersions: await db.datasetVersion.count(),
  predictions: await db.predictions.count(),
});

const datasetParams = (teamId: string, extra: Record<string, string> = {}) => ({
  teamId,
  name: "uploads-it",
  idColumn: "id",
  labelColumn: "label",
  timestampColumn: "ts",
  sliceColumns: "segment",
  ...extra,
});

/** `total` bytes of a valid CSV, produced while it is sent (no Content-Length). */
function csvStream(total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  let row = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) {
        const header = new TextEncoder().encode("id,label\n");
        sent += header.byteLength;
        controller.enqueue(header);
        return;
      }
      if (sent >= total) return controller.close();
      let text = "";
      while (text.length < 16 * 1024) text += `r${row++},${row % 2}\n`;
      const bytes = new TextEncoder().encode(text);
      sent += bytes.byteLength;
      controller.enqueue(bytes);
    },
  });
}

describe("dataset upload", () => {
  it("needs a session, a team of the caller, a known format and valid columns; stores nothing otherwise", async () => {
    const before = await counts();
    const attempt = async (
      user: TestUser | null,
      params: Record<string, string>,
      file: BodyInit | null = DATASET_CSV,
      options = CSV_TYPE,
    ) => errorOf(await uploadDataset(post(user, params, file, options)));
    expect((await attempt(null, datasetParams(teamA.id))).status).toBe(401);
    expect(await attempt(bob, datasetParams(teamA.id))).toMatchObject({ status: 404, field: "teamId" });
    expect(await attempt(alice, datasetParams(teamA.id, { labelColumn: "target" }))).toMatchObject({
      status: 400,
      field: "labelColumn",
    });
    expect(await attempt(alice, datasetParams(teamA.id, { sliceColumns: "segment,nope" }))).toMatchObject({
      status: 400,
      field: "sliceColumns",
    });
    expect(await attempt(alice, datasetParams(teamA.id, { sliceColumns: "segment,label" }))).toMatchObject({
      status: 400,
      field: "sliceColumns",
      message: 'Column "label" is the label column; it cannot also be a slice',
    });
    expect(await attempt(alice, datasetParams(teamA.id), "")).toMatchObject({ status: 400, field: "file" });
    expect(await attempt(alice, datasetParams(teamA.id, { idColumn: "" }))).toMatchObject({
      status: 400,
      field: "idColumn",
    });
    expect(await attempt(alice, datasetParams(teamA.id, { name: " " }))).toMatchObject({ status: 400, field: "name" });
    expect(
      await attempt(alice, datasetParams(teamA.id), DATASET_CSV, { contentType: "application/json" }),
    ).toMatchObject({
      status: 400,
      field: "format",
    });
    expect(await attempt(alice, datasetParams(teamA.id, { format: "xlsx" }))).toMatchObject({
      status: 400,
      field: "format",
    });
    const multipart = new FormData();
    multipart.set("file", new File([DATASET_CSV], "data.csv", { type: "text/csv" }));
    expect(await attempt(alice, datasetParams(teamA.id), multipart, {} as typeof CSV_TYPE)).toMatchObject({
      status: 415,
      field: "file",
    });
    const malformed = await attempt(alice, datasetParams(teamA.id), `${DATASET_CSV}\nr7,1\n`);
    expect(malformed).toMatchObject({ status: 400, field: "file" });
    expect(malformed.message).toMatch(/^line 8: expected 4 fields, found 2$/);
    expect(await counts()).toEqual(before);
  });

  it("stores a version, then recognises identical content", async () => {
    const first = await uploadDataset(post(alice, datasetParams(teamA.id), DATASET_CSV, CSV_TYPE));
    expect(first.status).toBe(201);
    const body = (await first.json()) as {
      datasetVersion: { id: string; version: number; rowCount: number; columns: { name: string; type: string }[] };
    };
    expect(body.datasetVersion).toMatchObject({ version: 1, rowCount: 6 });
    expect(body.datasetVersion.columns.map((c) => c.type)).toEqual(["string", "number", "timestamp", "string"]);
    const again = await uploadDataset(post(alice, datasetParams(teamA.id), DATASET_CSV, CSV_TYPE));
    expect(again.status).toBe(200);
    expect(((await again.json()) as typeof body).datasetVersion.id).toBe(body.datasetVersion.id);
  });

  it("takes the format from Content-Type, or from ?format= over it", async () => {
    const jsonl = DATASET_CSV.split("\n")
      .slice(1)
      .map((line) => {
        const [id, label, ts, segment] = line.split(",");
        return JSON.stringify({ id, label: Number(label), ts, segment });
      })
      .join("\n");
    const fromJsonl = await uploadDataset(
      post(alice, datasetParams(teamA.id, { name: "uploads-jsonl" }), jsonl, { contentType: "application/x-ndjson" }),
    );
    expect(fromJsonl.status).toBe(201);
    const byParam = await uploadDataset(
      post(
        alice,
        datasetParams(teamA.id, {
          name: "uploads-format-param",
          format: "jsonl",
          timestampColumn: "",
          sliceColumns: "",
        }),
        '{"id":"r1","label":1}\n{"id":"r2","label":0}\n',
        { contentType: "application/octet-stream" },
      ),
    );
    expect(byParam.status).toBe(201);
    expect(((await byParam.json()) as { datasetVersion: { rowCount: number } }).datasetVersion.rowCount).toBe(2);
  });

  it("refuses a body past the size cap while it streams (413) and stores nothing", async () => {
    const before = await counts();
    const store = (request: Request) =>
      handleUpload(
        request,
        async ({ session, params, body, format }) => {
          await createDatasetVersion({
            db,
            storage: directoryStorage(testEnv.storageDir),
            teamId: teamA.id,
            datasetName: params.get("name") ?? "",
            body,
            format,
            idColumn: "id",
            labelColumn: "label",
            userId: session.user.id,
          });
          return new Response(null, { status: 201 });
        },
        { maxBytes: 1024 * 1024 },
      );
    const streamed = await store(post(alice, { name: "too-large" }, csvStream(3 * 1024 * 1024), CSV_TYPE));
    expect(await errorOf(streamed)).toMatchObject({
      status: 413,
      field: "file",
      message: "The file is larger than 1 MB (1,048,576 bytes)",
    });
    const announced = await store(
      post(alice, { name: "too-large" }, "id,label\n", {
        ...CSV_TYPE,
        headers: { "content-length": String(2 * 1024 * 1024) },
      }),
    );
    expect((await errorOf(announced)).status).toBe(413);
    expect(await counts()).toEqual(before);
    const fits = await store(post(alice, { name: "fits" }, csvStream(512 * 1024), CSV_TYPE));
    expect(fits.status).toBe(201);
  });
});

describe("upload resources: temp files, concurrent uploads, unread bodies", () => {
  it("spools an upload under FIELDTEST_UPLOAD_TMP_DIR (default <storage>/tmp, created on demand), removed after", async () => {
    const tmp = dbEnv().FIELDTEST_UPLOAD_TMP_DIR;
    if (process.env.FIELDTEST_UPLOAD_TMP_DIR === undefined) expect(tmp).toBe(path.join(testEnv.storageDir, "tmp"));
    await rm(tmp, { recursive: true, force: true });
    const seen: string[][] = [];
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // While the upload streams in, its spool file is there.
        if (sent > 0) seen.push(existsSync(tmp) ? readdirSync(tmp) : []);
        if (sent >= 3) return controller.close();
        controller.enqueue(new TextEncoder().encode(sent === 0 ? "id,label\n" : `s${sent},1\nt${sent},0\n`));
        sent++;
      },
    });
    const response = await uploadDataset(
      post(alice, datasetParams(teamA.id, { name: "spooled", timestampColumn: "", sliceColumns: "" }), body, CSV_TYPE),
    );
    expect(response.status).toBe(201);
    expect(seen.at(-1)).toEqual([expect.stringMatching(/^fieldtest-upload-/)]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("answers 429 with Retry-After when every upload slot is taken, keeps inspections apart, and takes uploads again after", async () => {
    const waiting: (() => void)[] = [];
    const held = (request: Request) =>
      handleUpload(request, () => new Promise<Response>((done) => waiting.push(() => done(new Response(null)))));
    const slow = Array.from({ length: 4 }, () => held(post(alice, {}, "id,label\nr1,1\n", CSV_TYPE)));
    await vi.waitFor(() => expect(waiting).toHaveLength(4));

    const refused = await uploadDataset(post(alice, datasetParams(teamA.id), DATASET_CSV, CSV_TYPE));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("10");
    expect(await errorOf(refused)).toMatchObject({
      field: null,
      message: "The server is busy with other uploads (4 at once); nothing was stored, try again in a few seconds",
    });
    const inspection = await inspectDataset(
      post(alice, {}, DATASET_CSV, { ...CSV_TYPE, url: "http://localhost/api/uploads/datasets/inspect" }),
    );
    expect(inspection.status).toBe(200);

    for (const finish of waiting.splice(0)) finish();
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect((await uploadDataset(post(alice, datasetParams(teamA.id), DATASET_CSV, CSV_TYPE))).status).toBeLessThan(300);
  });

  it("cancels a body it will not read (a refusal before the file), without waiting for the rest", async () => {
    const refusals: [TestUser | null, Record<string, string>][] = [
      [bob, datasetParams(teamA.id)], // 404: not bob's team
      [null, datasetParams(teamA.id)], // 401
      [alice, datasetParams(teamA.id, { format: "xlsx" })], // 400 format
    ];
    for (const [user, params] of refusals) {
      let cancelled = false;
      let pulled = 0;
      // An endless body: a handler that waited for its end would never answer.
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(64 * 1024));
        },
        cancel() {
          cancelled = true;
        },
      });
      const response = await uploadDataset(post(user, params, body, CSV_TYPE));
      expect(response.status).toBeGreaterThanOrEqual(400);
      await vi.waitFor(() => expect(cancelled).toBe(true));
      expect(pulled).toBeLessThan(4);
    }
  });
});

describe("dataset inspection (the upload's confirmation step)", () => {
  const inspectUrl = { url: "http://localhost/api/uploads/datasets/inspect" };

  it("says a CSV head's columns and types with a sample, storing nothing", async () => {
    const before = await counts();
    const response = await inspectDataset(post(alice, {}, DATASET_CSV, { ...CSV_TYPE, ...inspectUrl }));
    expect(response.status).toBe(200);
    const inspection = await response.json();
    expect(inspection.columns).toEqual([
      { name: "id", type: "string", missing: 0 },
      { name: "label", type: "number", missing: 0 },
      { name: "ts", type: "timestamp", missing: 0 },
      { name: "segment", type: "string", missing: 0 },
    ]);
    expect(inspection.sample[0]).toEqual({ id: "r1", label: 1, ts: "2024-01-01T00:00:00.000Z", segment: "a" });
    expect(inspection.complete).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it("takes a head cut mid-line at 1 MB as cut, not malformed", async () => {
    const line = (i: number) => `r${i},${i % 2},2024-01-01,segment-${"x".repeat(40)}\n`;
    let text = "id,label,ts,segment\n";
    for (let i = 0; text.length < 1024 * 1024 + 500; i++) text += line(i);
    const head = new TextEncoder().encode(text).subarray(0, 1024 * 1024);
    const response = await inspectDataset(post(alice, {}, head, { ...CSV_TYPE, ...inspectUrl }));
    expect(response.status).toBe(200);
    expect((await response.json()).complete).toBe(false);
  });

  it("names the line of a malformed row, and needs a session", async () => {
    const bad = "id,label\nr1,1\nr2,0,extra\n";
    expect(await errorOf(await inspectDataset(post(alice, {}, bad, { ...CSV_TYPE, ...inspectUrl })))).toMatchObject({
      status: 400,
      field: "file",
      message: expect.stringContaining("line 3"),
    });
    expect((await inspectDataset(post(null, {}, DATASET_CSV, { ...CSV_TYPE, ...inspectUrl }))).status).toBe(401);
    expect(
      await errorOf(await inspectDataset(post(alice, { part: "footer" }, DATASET_CSV, { ...CSV_TYPE, ...inspectUrl }))),
    ).toMatchObject({ status: 400, field: "part" });
  });

  it("takes a Parquet footer of at most 4 MB", async () => {
    const parquet = { contentType: "application/vnd.apache.parquet", ...inspectUrl };
    const footer = await inspectDataset(post(alice, { part: "footer" }, new Uint8Array(4 * 1024 * 1024 + 1), parquet));
    expect(await errorOf(footer)).toEqual({
      status: 413,
      field: "file",
      message: "A Parquet footer is at most 4 MB (4,194,304 bytes)",
    });
    const notParquet = await inspectDataset(post(alice, { part: "footer" }, new Uint8Array(1024), parquet));
    expect(await errorOf(notParquet)).toMatchObject({ status: 400, field: "file" });
  });
});

describe("cross-site uploads", () => {
  it("refuses an upload another site's page sends with the session cookie, storing nothing", async () => {
    const before = await counts();
    const params = datasetParams(teamA.id, { name: "forged" });
    const forged: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }];
    for (const headers of forged) {
      const response = await uploadDataset(post(alice, params, DATASET_CSV, { ...CSV_TYPE, headers }));
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain("Cross-site");
    }
    expect(await counts()).toEqual(before);
    // The app's own pages send their origin: accepted.
    const own = await uploadDataset(
      post(alice, params, DATASET_CSV, { ...CSV_TYPE, headers: { origin: "http://localhost" } }),
    );
    expect(own.status).toBe(201);
  });
});

describe("predictions upload", () => {
  it("stores an offline version's predictions for a dataset version of its team", async () => {
    const api = await callerFor(alice);
    const model = await api.model.create({ teamId: teamA.id, name: "uploads-model", task: "binary_classification" });
    const version = await api.modelVersion.create({
      modelId: model.id,
      version: "1",
      endpoint: { protocol: "offline" },
    });
    const dataset = (await (
      await uploadDataset(post(alice, datasetParams(teamA.id, { name: "preds-ds" }), DATASET_CSV, CSV_TYPE))
    ).json()) as {
      datasetVersion: { id: string };
    };
    const fields = { modelVersionId: version.id, datasetVersionId: dataset.datasetVersion.id };
    const upload = (user: TestUser | null, params: Record<string, string>, file = PREDICTIONS_CSV) =>
      uploadPredictions(post(user, params, file, CSV_TYPE));

    const before = await counts();
    expect((await errorOf(await upload(null, fields))).status).toBe(401);
    expect(await errorOf(await upload(bob, fields))).toMatchObject({
      status: 404,
      field: "modelVersionId",
    });
    expect(await errorOf(await upload(alice, { ...fields, datasetVersionId: crypto.randomUUID() }))).toMatchObject({
      status: 404,
      field: "datasetVersionId",
    });
    expect(await errorOf(await upload(alice, fields, "id,score\nr1,1.5\n"))).toMatchObject({
      status: 400,
      field: "file",
    });
    expect(await errorOf(await upload(alice, fields, "id,score\nzz,0.5\n"))).toMatchObject({
      status: 400,
      field: "file",
    });
    expect(await counts()).toEqual(before);

    const stored = await upload(alice, fields);
    expect(stored.status).toBe(201);
    expect(((await stored.json()) as { predictions: { rowCount: number } }).predictions.rowCount).toBe(6);
    const again = await upload(alice, fields);
    expect(again.status).toBe(200);
    const different = await upload(alice, fields, PREDICTIONS_CSV.replace("0.9", "0.8"));
    expect(await errorOf(different)).toMatchObject({ status: 409, field: "file" });
  });

  it("makes the uploader the version's last changer, so four-eyes keeps them from approving it", async () => {
    const carol = await createUser("carol-uploads");
    await db.membership.create({ data: { teamId: teamA.id, userId: carol.id, role: "reviewer" } });
    const api = await callerFor(alice);
    const model = await api.model.create({ teamId: teamA.id, name: "changed-by", task: "binary_classification" });
    const version = await api.modelVersion.create({
      modelId: model.id,
      version: "1",
      endpoint: { protocol: "offline" },
    });
    const dataset = (await (
      await uploadDataset(post(alice, datasetParams(teamA.id, { name: "changed-by-ds" }), DATASET_CSV, CSV_TYPE))
    ).json()) as { datasetVersion: { id: string } };
    const stored = await uploadPredictions(
      post(
        carol,
        { modelVersionId: version.id, datasetVersionId: dataset.datasetVersion.id },
        PREDICTIONS_CSV,
        CSV_TYPE,
      ),
    );
    expect(stored.status).toBe(201);
    expect(await db.modelVersion.findUniqueOrThrow({ where: { id: version.id } })).toMatchObject({
      createdById: alice.id,
      lastChangedById: carol.id,
    });
  });
});
