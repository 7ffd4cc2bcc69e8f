import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundClient, type OutboundClient } from "../client/create-outbound-client.ts";
import { type InferenceTestServer, startInferenceTestServer } from "../testing/inference-test-server.ts";
import { testConnection } from "./test-connection.ts";
import type { FeatureColumn } from "./types.ts";

const sample: FeatureColumn[] = [
  { name: "x", type: "number", values: Float64Array.from([2, 3]) },
  { name: "city", type: "string", values: ["Seattle", null] },
];

let server: InferenceTestServer;
let client: OutboundClient;

beforeAll(async () => {
  server = await startInferenceTestServer({
    models: { m: { coefficients: { x: 0.5 }, categories: { city: { Seattle: 1 } } } },
  });
  client = createOutboundClient({ allow: "127.0.0.1", retries: 0 });
});
afterAll(async () => {
  client.close();
  await server.close();
});

describe("testConnection", () => {
  it("reports a ready V2 server, the model's tensors and a sample score", async () => {
    const report = await testConnection({
      endpoint: { protocol: "open-inference-v2", url: `${server.url}/`, modelName: "m" },
      client,
      sampleFeatures: sample,
    });
    expect(report.ok).toBe(true);
    expect(report.summary).toBe('Connected: the server is ready and serves model "m"');
    expect(report.details[0]).toMatch(/^GET \/v2\/health\/ready → HTTP 200 in \d+ ms: the server is ready$/);
    expect(report.details[1]).toContain("inputs: x FP64 [-1, 1], city BYTES [-1, 1]; outputs: probability FP64 [-1]");
    expect(report.details[2]).toMatch(/^scored 1 sample row in \d+ ms: score 0\.8808$/);
  });

  it("says which inputs the model expects that the features do not provide", async () => {
    const report = await testConnection({
      endpoint: { protocol: "open-inference-v2", url: server.url, modelName: "m" },
      client,
      sampleFeatures: [sample[0] as FeatureColumn],
    });
    expect(report.ok).toBe(false);
    expect(report.summary).toContain("the model expects input(s) city");
  });

  it("reports a server that is not ready", async () => {
    server.setReady(false);
    try {
      const report = await testConnection({
        endpoint: { protocol: "open-inference-v2", url: server.url, modelName: "m" },
        client,
      });
      expect(report.ok).toBe(false);
      expect(report.summary).toContain("answered HTTP 503");
    } finally {
      server.setReady(true);
    }
  });

  it("reports an unknown model", async () => {
    const report = await testConnection({
      endpoint: { protocol: "open-inference-v2", url: server.url, modelName: "missing" },
      client,
    });
    expect(report.ok).toBe(false);
    expect(report.summary).toContain("HTTP 404");
    expect(report.summary).toContain("check the endpoint URL and model name");
  });

  it("reports a refused destination in the policy's words", async () => {
    const strict = createOutboundClient();
    const report = await testConnection({
      endpoint: { protocol: "open-inference-v2", url: server.url, modelName: "m" },
      client: strict,
    });
    strict.close();
    expect(report.ok).toBe(false);
    expect(report.summary).toContain("127.0.0.1 is a loopback address");
  });

  it("sends one sample row to an http-json endpoint", async () => {
    const report = await testConnection({
      endpoint: { protocol: "http-json", url: `${server.url}/predict/m` },
      client,
      sampleFeatures: sample,
    });
    expect(report.ok).toBe(true);
    expect(report.summary).toMatch(/^Connected: the endpoint scored 1 sample row in \d+ ms: score 0\.8808$/);
  });

  it("needs a sample row for http-json", async () => {
    const report = await testConnection({
      endpoint: { protocol: "http-json", url: `${server.url}/predict/m` },
      client,
    });
    expect(report).toMatchObject({ ok: false, summary: expect.stringContaining("needs a sample row") });
  });
});
