import { createOutboundClient, OutboundRefused } from "@fieldtest/outbound";
import { type InferenceTestServer, logisticScore, startInferenceTestServer } from "@fieldtest/outbound/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FeatureColumn as RunFeatureColumn } from "./feature-columns.ts";
import { scoreEndpoint } from "./score-endpoint.ts";

const model = { coefficients: { temp: 0.2, windy: -1 }, categories: { city: { Seattle: 0.7 } }, intercept: -2 };
const rows = 600;
// The run code's own column type, to prove it fits the endpoint scorer as is.
const features: RunFeatureColumn[] = [
  { name: "temp", type: "number", values: Float64Array.from({ length: rows }, (_, i) => (i % 40) - 5) },
  { name: "windy", type: "boolean", values: Float64Array.from({ length: rows }, (_, i) => i % 2) },
  { name: "city", type: "string", values: Array.from({ length: rows }, (_, i) => (i % 3 ? "Seattle" : "New York")) },
];
const expected = Array.from({ length: rows }, (_, i) =>
  logisticScore(model, { temp: features[0]?.values[i], windy: features[1]?.values[i], city: features[2]?.values[i] }),
);

let server: InferenceTestServer;
const client = createOutboundClient({ allow: "127.0.0.0/8", concurrency: 2 });

beforeAll(async () => {
  server = await startInferenceTestServer({ models: { rain: model } });
});
afterAll(async () => {
  client.close();
  await server.close();
});

describe("scoreEndpoint", () => {
  it("scores through an open-inference-v2 endpoint in row order, one latency per call", async () => {
    const progress: number[] = [];
    const { scores, latenciesMs } = await scoreEndpoint({
      endpoint: { protocol: "open-inference-v2", url: server.url, modelName: "rain", batchSize: 256 },
      features,
      rows,
      client,
      onProgress: (done) => {
        progress.push(done);
      },
    });
    for (let i = 0; i < rows; i++) expect(scores[i]).toBeCloseTo(expected[i] as number, 12);
    expect(latenciesMs).toHaveLength(3);
    expect(progress.at(-1)).toBe(rows);
  });

  it("scores through an http-json endpoint", async () => {
    const { scores } = await scoreEndpoint({
      endpoint: { protocol: "http-json", url: `${server.url}/predict/rain` },
      features,
      rows,
      client,
    });
    expect(scores[599]).toBeCloseTo(expected[599] as number, 12);
  });

  it("refuses a destination the policy does not allow", async () => {
    const strict = createOutboundClient();
    await expect(
      scoreEndpoint({
        endpoint: { protocol: "http-json", url: `${server.url}/predict/rain` },
        features,
        rows,
        client: strict,
      }),
    ).rejects.toBeInstanceOf(OutboundRefused);
    strict.close();
  });
});
