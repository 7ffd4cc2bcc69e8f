import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOutboundClient, type OutboundClientOptions } from "../client/create-outbound-client.ts";
import { EndpointResponseError, OutboundHttpError, OutboundRefused } from "../client/errors.ts";
import {
  type BadAnswer,
  type InferenceTestServer,
  type LogisticModel,
  logisticScore,
  startInferenceTestServer,
} from "../testing/inference-test-server.ts";
import { scoreRows } from "./score-rows.ts";
import { EndpointConfigError, type EndpointSpec, type FeatureColumn } from "./types.ts";

const logistic: LogisticModel = {
  coefficients: { age: 0.03, income: -0.00001, member: 0.8 },
  categories: { city: { Seattle: 0.5, "New York": -0.25 } },
  intercept: -1.2,
};

const ROWS = 1000;
const cities = ["Seattle", "New York", "Boston"];
const features: FeatureColumn[] = [
  { name: "age", type: "number", values: Float64Array.from({ length: ROWS }, (_, i) => 18 + (i % 60)) },
  {
    name: "income",
    type: "number",
    values: Float64Array.from({ length: ROWS }, (_, i) => 20_000 + ((i * 7919) % 90_000)),
  },
  { name: "member", type: "boolean", values: Float64Array.from({ length: ROWS }, (_, i) => (i % 3 === 0 ? 1 : 0)) },
  { name: "city", type: "string", values: Array.from({ length: ROWS }, (_, i) => cities[i % 3] as string) },
];

/** The first n rows of the features. */
const first = (n: number): FeatureColumn[] => features.map((c) => ({ ...c, values: c.values.slice(0, n) }));

function expected(model: LogisticModel, rows = ROWS): number[] {
  return Array.from({ length: rows }, (_, i) =>
    logisticScore(model, Object.fromEntries(features.map((c) => [c.name, c.values[i]]))),
  );
}

let server: InferenceTestServer;
const clients: { close(): void }[] = [];
function client(options: OutboundClientOptions = {}) {
  const c = createOutboundClient({ allow: "127.0.0.0/8", backoff: { baseMs: 5, maxMs: 20 }, ...options });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await startInferenceTestServer({
    models: {
      flat: logistic,
      column: { ...logistic, outputShape: "n1" },
      pair: { ...logistic, outputShape: "n2", outputName: "probabilities" },
      objects: { ...logistic, httpJsonAnswer: "objects" },
    },
  });
});
afterEach(() => {
  server.failNext(0);
  server.badAnswerNext("nan", 0);
  server.setDelay(0);
  server.resetStats();
  for (const c of clients.splice(0)) c.close();
});
afterAll(() => server.close());

const v2 = (modelName: string, extra: Partial<EndpointSpec> = {}): EndpointSpec => ({
  protocol: "open-inference-v2",
  url: server.url,
  modelName,
  ...extra,
});

describe("open-inference-v2", () => {
  it.each(["flat", "column", "pair"])("scores every row in order through a model with %s output", async (name) => {
    const progress: [number, number][] = [];
    const result = await scoreRows({
      endpoint: v2(name, { batchSize: 128 }),
      features,
      rows: ROWS,
      client: client({ concurrency: 3 }),
      onProgress: (done, total) => {
        progress.push([done, total]);
      },
    });
    const want = expected(logistic);
    expect(result.scores).toHaveLength(ROWS);
    for (let i = 0; i < ROWS; i++) expect(result.scores[i]).toBeCloseTo(want[i] as number, 12);
    expect(result.latenciesMs).toHaveLength(8);
    expect([...result.latenciesMs].every((ms) => ms > 0)).toBe(true);
    expect(progress.map(([d]) => d)).toEqual([...progress.map(([d]) => d)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual([ROWS, ROWS]);
    expect(progress).toHaveLength(8);
    expect(server.stats.rows).toBe(ROWS);
    expect(server.stats.maxInFlight).toBeLessThanOrEqual(3);
  });

  it("sends one tensor per column: FP64 for numbers and booleans, BYTES for strings", async () => {
    let seen: unknown;
    const c = client();
    const original = c.request;
    c.request = (req) => {
      seen = req.json;
      return original(req);
    };
    await scoreRows({ endpoint: v2("flat"), features: first(2), rows: 2, client: c }).catch(() => undefined);
    expect(seen).toMatchObject({
      inputs: [
        { name: "age", datatype: "FP64", shape: [2, 1], data: [18, 19] },
        { name: "income", datatype: "FP64", shape: [2, 1] },
        { name: "member", datatype: "FP64", shape: [2, 1], data: [1, 0] },
        { name: "city", datatype: "BYTES", shape: [2, 1], data: ["Seattle", "New York"] },
      ],
    });
  });

  it("runs batches in parallel up to the client's concurrency", async () => {
    server.setDelay(30);
    await scoreRows({
      endpoint: v2("flat", { batchSize: 50 }),
      features,
      rows: ROWS,
      client: client({ concurrency: 4 }),
    });
    expect(server.stats.inferenceRequests).toBe(20);
    expect(server.stats.maxInFlight).toBe(4);
  });

  it("reads the output named in the spec", async () => {
    const result = await scoreRows({
      endpoint: v2("pair", { outputName: "probabilities" }),
      features: first(10),
      rows: 10,
      client: client(),
    });
    expect(result.scores[3]).toBeCloseTo(expected(logistic, 10)[3] as number, 12);
    await expect(
      scoreRows({ endpoint: v2("pair", { outputName: "nope" }), features: first(10), rows: 10, client: client() }),
    ).rejects.toThrow(/no output "nope".*"probabilities"/);
  });

  it.each<[BadAnswer, RegExp]>([
    ["wrong-count", /has shape \[11\]; expected \[10\], \[10, 1\] or \[10, 2\] for 10 rows/],
    ["nan", /returned "NaN" for row 9 in batch 1 of 1 \(rows 0–9\); expected a finite number/],
    ["out-of-range", /returned 1.5 for row 0 in batch 1 of 1 .*must be in \[0, 1\]/],
    ["bytes", /is BYTES/],
    ["no-outputs", /without outputs/],
    ["shape-mismatch", /has shape \[10, 2\] but 10 values/],
    ["three-columns", /has shape \[10, 3\]; expected/],
  ])("names the batch and row when the answer is %s", async (kind, message) => {
    server.badAnswerNext(kind);
    const error = await scoreRows({ endpoint: v2("flat"), features: first(10), rows: 10, client: client() }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(EndpointResponseError);
    expect(error.message).toMatch(message);
  });

  it("names the failing batch when one of many is bad", async () => {
    server.badAnswerNext("out-of-range");
    const error = await scoreRows({
      endpoint: v2("flat", { batchSize: 100 }),
      features: first(300),
      rows: 300,
      client: client({ concurrency: 1 }),
    }).catch((e) => e);
    expect(error.message).toContain("row 0 in batch 1 of 3 (rows 0–99)");
  });

  it("reports a body that is not JSON", async () => {
    server.badAnswerNext("not-json");
    await expect(scoreRows({ endpoint: v2("flat"), features: first(5), rows: 5, client: client() })).rejects.toThrow(
      /answered HTTP 200 with a body that is not JSON/,
    );
  });

  it("passes the server's own error on, e.g. for a missing value", async () => {
    const withMissing: FeatureColumn[] = features.map((c) =>
      c.name === "age" ? { ...c, values: Float64Array.from([30, Number.NaN]) } : { ...c, values: c.values.slice(0, 2) },
    );
    const error = await scoreRows({ endpoint: v2("flat"), features: withMissing, rows: 2, client: client() }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(OutboundHttpError);
    expect(error.status).toBe(400);
    expect(error.message).toContain('input \\"age\\" is missing');
  });

  it("retries a failing batch and still returns every score", async () => {
    server.failNext(2, { status: 503 });
    const result = await scoreRows({
      endpoint: v2("flat", { batchSize: 500 }),
      features,
      rows: ROWS,
      client: client({ concurrency: 1 }),
    });
    expect(result.scores[999]).toBeCloseTo(expected(logistic)[999] as number, 12);
    expect(server.stats.inferenceRequests).toBe(4);
  });

  it("stops scoring when progress reporting throws (e.g. the run was cancelled)", async () => {
    const error = await scoreRows({
      endpoint: v2("flat", { batchSize: 10 }),
      features,
      rows: ROWS,
      client: client({ concurrency: 2 }),
      onProgress: (done) => {
        if (done >= 30) throw new Error("run cancelled");
      },
    }).catch((e) => e);
    expect(error.message).toBe("run cancelled");
    expect(server.stats.inferenceRequests).toBeLessThan(10);
  });

  it("refuses a destination outside the allow list", async () => {
    await expect(
      scoreRows({ endpoint: v2("flat"), features: first(5), rows: 5, client: client({ allow: "" }) }),
    ).rejects.toBeInstanceOf(OutboundRefused);
    expect(server.stats.requests).toBe(0);
  });
});

describe("http-json", () => {
  it.each(["flat", "objects"])("scores records through /predict/%s", async (name) => {
    const result = await scoreRows({
      endpoint: { protocol: "http-json", url: `${server.url}/predict/${name}`, batchSize: 300 },
      features,
      rows: ROWS,
      client: client(),
    });
    const want = expected(logistic);
    for (let i = 0; i < ROWS; i += 97) expect(result.scores[i]).toBeCloseTo(want[i] as number, 12);
    expect(result.latenciesMs).toHaveLength(4);
  });

  it("sends secrets in the configured header", async () => {
    const guarded = await startInferenceTestServer({
      models: { m: logistic },
      requireHeader: { name: "x-api-key", value: "key-42-abcdef" },
    });
    try {
      const endpoint: EndpointSpec = { protocol: "http-json", url: `${guarded.url}/predict/m` };
      const error = await scoreRows({ endpoint, features: first(3), rows: 3, client: client() }).catch((e) => e);
      expect(error).toBeInstanceOf(OutboundHttpError);
      expect(error.message).toContain("check the endpoint's auth header and secret");
      const ok = await scoreRows({
        endpoint: { ...endpoint, auth: { header: "x-api-key", secret: "key-42-abcdef" } },
        features: first(3),
        rows: 3,
        client: client(),
      });
      expect(ok.scores).toHaveLength(3);
    } finally {
      await guarded.close();
    }
  });
});

describe("input checks", () => {
  it.each<[string, Partial<EndpointSpec>, FeatureColumn[], number, RegExp]>([
    ["no model name", { modelName: undefined }, features, ROWS, /needs the model's name/],
    ["a zero batch size", { batchSize: 0 }, features, ROWS, /batch size must be a whole number/],
    ["a short column", {}, features, ROWS + 1, /"age" has 1000 values for 1001 rows/],
    ["a duplicated column", {}, [features[0] as FeatureColumn, features[0] as FeatureColumn], ROWS, /appears twice/],
    [
      "strings in a numeric column",
      {},
      [{ name: "x", type: "number", values: ["1"] }],
      1,
      /"x" of type number must hold a Float64Array/,
    ],
  ])("refuses %s before calling", async (_name, spec, cols, rows, message) => {
    const error = await scoreRows({ endpoint: v2("flat", spec), features: cols, rows, client: client() }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(EndpointConfigError);
    expect(error.message).toMatch(message);
    expect(server.stats.requests).toBe(0);
  });

  it("scores zero rows without calling", async () => {
    const empty = features.map((c) => ({ ...c, values: c.values.slice(0, 0) }));
    const result = await scoreRows({ endpoint: v2("flat"), features: empty, rows: 0, client: client() });
    expect(result.scores).toHaveLength(0);
    expect(result.latenciesMs).toHaveLength(0);
    expect(server.stats.requests).toBe(0);
  });
});
