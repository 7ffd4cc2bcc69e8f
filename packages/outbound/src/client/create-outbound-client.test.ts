import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type InferenceTestServer, startInferenceTestServer } from "../testing/inference-test-server.ts";
import { createOutboundClient, type OutboundCallRecord, type OutboundClientOptions } from "./create-outbound-client.ts";
import {
  OutboundAborted,
  OutboundConnectionError,
  OutboundError,
  OutboundHttpError,
  OutboundRefused,
  OutboundResponseTooLarge,
  OutboundTimeout,
} from "./errors.ts";

const model = { coefficients: { x: 1 } };
const infer = (base: string) => ({
  url: `${base}/v2/models/m/infer`,
  json: { inputs: [{ name: "x", datatype: "FP64", shape: [1], data: [0] }] },
});
const fast = { baseMs: 5, maxMs: 20, maxRetryAfterMs: 200 };

let server: InferenceTestServer;
let other: InferenceTestServer;
const clients: { close(): void }[] = [];

function client(options: OutboundClientOptions = {}) {
  const c = createOutboundClient({ allow: "127.0.0.0/8", backoff: fast, timeoutMs: 5000, ...options });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await startInferenceTestServer({ models: { m: model } });
  other = await startInferenceTestServer({ models: { m: model } });
});
afterEach(() => {
  server.failNext(0);
  server.dropNext(0);
  server.setDelay(0);
  server.resetStats();
  other.resetStats();
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await server.close();
  await other.close();
});

describe("destination policy at call time", () => {
  it("calls an allowed loopback endpoint and reports latency", async () => {
    const calls: OutboundCallRecord[] = [];
    const res = await client({ onCall: (c) => calls.push(c) }).request({ url: `${server.url}/v2/health/ready` });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ready: true });
    expect(res.latencyMs).toBeGreaterThan(0);
    expect(res.attempts).toBe(1);
    expect(calls).toEqual([
      {
        host: `127.0.0.1:${server.port}`,
        method: "GET",
        status: 200,
        ms: expect.any(Number),
        attempt: 1,
        outcome: "ok",
      },
    ]);
  });

  it("reports a refused URL to onCall too", async () => {
    const calls: OutboundCallRecord[] = [];
    await client({ onCall: (c) => calls.push(c) })
      .request({ url: "http://169.254.169.254/latest/meta-data/" })
      .catch(() => undefined);
    expect(calls).toEqual([{ host: "169.254.169.254", method: "GET", ms: 0, attempt: 1, outcome: "refused" }]);
  });

  it("refuses loopback without an allow-list entry, before any byte is sent", async () => {
    const calls: OutboundCallRecord[] = [];
    const c = createOutboundClient({ onCall: (call) => calls.push(call) });
    clients.push(c);
    const error = await c.request({ url: `${server.url}/v2/health/ready` }).catch((e) => e);
    expect(error).toBeInstanceOf(OutboundRefused);
    expect(error.reason).toBe("loopback");
    expect(error.message).toContain("FIELDTEST_OUTBOUND_ALLOW");
    expect(server.stats.requests).toBe(0);
  });

  it("refuses a host name that resolves to loopback unless the name or its address is allowed", async () => {
    const url = `http://localhost:${server.port}/v2/health/ready`;
    const refused = await client({ allow: "" })
      .request({ url })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(OutboundRefused);
    expect(refused.message).toContain("localhost resolves to 127.0.0.1, which is a loopback address");
    expect(server.stats.requests).toBe(0);

    expect((await client({ allow: "localhost" }).request({ url })).status).toBe(200);
    expect((await client({ allow: "127.0.0.0/8" }).request({ url })).status).toBe(200);
    await expect(client({ allow: "" }).checkDestination(url)).rejects.toBeInstanceOf(OutboundRefused);
    await expect(client({ allow: "localhost" }).checkDestination(url)).resolves.toBeUndefined();
  });

  it("connects to the checked address it resolved itself (no second lookup)", async () => {
    // No real resolver knows this name: the call only works if the socket uses the pinned answer.
    const lookups: string[] = [];
    const c = client({
      allow: "model.fieldtest.test",
      resolve: async (host) => {
        lookups.push(host);
        return [{ address: "127.0.0.1", family: 4 }];
      },
    });
    const res = await c.request({ url: `http://model.fieldtest.test:${server.port}/v2/health/ready` });
    expect(res.status).toBe(200);
    expect(lookups).toEqual(["model.fieldtest.test"]);
    expect(server.log[0]?.headers.host).toBe(`model.fieldtest.test:${server.port}`);
  });

  it("checks every address a name resolves to", async () => {
    const c = client({
      allow: "",
      resolve: async () => [
        { address: "93.184.216.34", family: 4 },
        { address: "::ffff:169.254.169.254", family: 6 },
      ],
    });
    const error = await c.request({ url: "http://rebind.example/" }).catch((e) => e);
    expect(error).toBeInstanceOf(OutboundRefused);
    expect(error.reason).toBe("cloud-metadata");
  });

  it("says so when a name does not resolve", async () => {
    const c = client({
      resolve: async () => {
        throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
      },
    });
    const error = await c.request({ url: "http://nowhere.example/" }).catch((e) => e);
    expect(error).toBeInstanceOf(OutboundConnectionError);
    expect(error.code).toBe("ENOTFOUND");
    expect(error.message).toContain("nowhere.example could not be resolved");
  });
});

describe("redirects", () => {
  it.each([
    ["http://169.254.169.254/latest/meta-data/", "cloud-metadata"],
    ["http://10.0.0.1/", "private"],
    ["http://[::ffff:192.168.0.1]/", "private"],
    ["http://0177.0.0.2:1/", "loopback"],
    ["file:///etc/passwd", "scheme"],
  ])("refuses a redirect to %s", async (location, reason) => {
    server.redirectNext(location);
    const error = await client({ allow: "127.0.0.1/32" })
      .request({ url: `${server.url}/` })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OutboundRefused);
    expect(error.reason).toBe(reason);
    expect(error.message).toContain("redirected to a refused destination");
  });

  it("follows an allowed redirect and re-checks it, keeping the secret on the same origin only", async () => {
    const auth = { header: "x-api-key", secret: "k-123456789" };
    server.redirectNext(`${server.url}/v2/health/ready`, { status: 302 });
    const same = await client().request({ url: `${server.url}/old`, auth });
    expect(same.status).toBe(200);
    expect(same.url).toBe(`${server.url}/v2/health/ready`);
    expect(server.log.map((l) => l.headers["x-api-key"])).toEqual(["k-123456789", "k-123456789"]);

    server.redirectNext(`${other.url}/v2/health/ready`, { status: 307 });
    const cross = await client().request({ url: `${server.url}/old`, auth });
    expect(cross.status).toBe(200);
    expect(other.log[0]?.headers["x-api-key"]).toBeUndefined();
  });

  it("turns a POST into a GET on 303 and keeps it on 307", async () => {
    server.redirectNext(`${server.url}/v2/models/m/infer`, { status: 307 });
    expect((await client().request(infer(server.url))).status).toBe(200);
    expect(server.log.map((l) => l.method)).toEqual(["POST", "POST"]);
    server.resetStats();
    server.redirectNext(`${server.url}/v2/health/ready`, { status: 303 });
    expect((await client().request(infer(server.url))).status).toBe(200);
    expect(server.log.map((l) => l.method)).toEqual(["POST", "GET"]);
  });

  it("stops after 5 redirects", async () => {
    server.redirectNext(`${server.url}/loop`, { times: 20 });
    const error = await client({ retries: 0 })
      .request({ url: `${server.url}/loop` })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OutboundError);
    expect(error.message).toContain("redirected more than 5 times");
    expect(server.stats.requests).toBe(6);
    server.redirectNext("", { times: 0 });
  });
});

describe("retries, timeouts, limits", () => {
  it("retries 5xx with backoff and succeeds on the third attempt", async () => {
    server.failNext(2, { status: 503 });
    const calls: OutboundCallRecord[] = [];
    const res = await client({ retries: 2, onCall: (c) => calls.push(c) }).request(infer(server.url));
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(3);
    expect(res.totalMs).toBeGreaterThanOrEqual(res.latencyMs);
    expect(calls.map((c) => [c.attempt, c.outcome, c.status])).toEqual([
      [1, "retry", 503],
      [2, "retry", 503],
      [3, "ok", 200],
    ]);
    expect(server.stats.inferenceRequests).toBe(3);
  });

  it("gives up after the configured retries with the status and the body", async () => {
    server.failNext(5, { status: 500, body: '{"error":"model crashed: CUDA OOM"}' });
    const error = await client({ retries: 2 })
      .request(infer(server.url))
      .catch((e) => e);
    expect(error).toBeInstanceOf(OutboundHttpError);
    expect(error.status).toBe(500);
    expect(error.bodyExcerpt).toContain("CUDA OOM");
    expect(error.message).toContain("answered HTTP 500");
    expect(server.stats.inferenceRequests).toBe(3);
  });

  it("respects Retry-After on 429, within the cap", async () => {
    server.failNext(1, { status: 429, retryAfter: "30" });
    const res = await client({ backoff: { ...fast, maxRetryAfterMs: 150 } }).request(infer(server.url));
    expect(res.attempts).toBe(2);
    expect(res.totalMs).toBeGreaterThanOrEqual(145);
    expect(res.totalMs).toBeLessThan(5000);
  });

  it("does not retry a 4xx", async () => {
    const error = await client()
      .request({ url: `${server.url}/v2/models/unknown/infer`, json: {} })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OutboundHttpError);
    expect(error.status).toBe(404);
    expect(error.message).toContain("check the endpoint URL and model name");
    expect(server.stats.requests).toBe(1);
  });

  it("retries a dropped connection", async () => {
    server.dropNext(1);
    const res = await client().request(infer(server.url));
    expect(res.attempts).toBe(2);
  });

  it("reports a refused connection after its retries", async () => {
    const closed = await startInferenceTestServer({ models: {} });
    await closed.close();
    const calls: OutboundCallRecord[] = [];
    const error = await client({ retries: 1, onCall: (c) => calls.push(c) })
      .request({ url: `${closed.url}/` })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OutboundConnectionError);
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.message).toContain("after 2 attempts");
    expect(calls.map((c) => c.outcome)).toEqual(["retry", "connection-error"]);
  });

  it("times out a slow answer and does not wait for it", async () => {
    server.setDelay(2000);
    const started = performance.now();
    const error = await client({ timeoutMs: 100 })
      .request(infer(server.url))
      .catch((e) => e);
    expect(error).toBeInstanceOf(OutboundTimeout);
    expect(error.message).toContain("did not answer within 100 ms");
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("keeps at most `concurrency` requests in flight, as the server sees it", async () => {
    server.setDelay(40);
    const c = client({ concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => c.request(infer(server.url))));
    expect(server.stats.inferenceRequests).toBe(12);
    expect(server.stats.maxInFlight).toBe(3);
  });

  it.each([
    ["while reading a chunked body", false],
    ["from its content-length", true],
  ])("caps the response size %s", async (_how, contentLength) => {
    server.hugeAnswerNext(200_000, { contentLength });
    const error = await client({ maxResponseBytes: 10_000 })
      .request(infer(server.url))
      .catch((e) => e);
    expect(error).toBeInstanceOf(OutboundResponseTooLarge);
    expect(error.message).toContain("larger than 10000 bytes");
    // The client is still usable afterwards.
    expect((await client().request(infer(server.url))).status).toBe(200);
  });

  it("never shows the secret, even when the endpoint echoes it", async () => {
    server.echoHeadersNext(3);
    const error = await client({ retries: 0 })
      .request({ ...infer(server.url), auth: { header: "authorization", secret: "Bearer sk-live-abcdef123456" } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OutboundHttpError);
    expect(server.log[0]?.headers.authorization).toBe("Bearer sk-live-abcdef123456");
    expect(error.message).not.toContain("sk-live-abcdef123456");
    expect(error.bodyExcerpt).toContain("[redacted]");
    server.echoHeadersNext(0);
  });

  it("stops when the caller aborts", async () => {
    server.setDelay(2000);
    const controller = new AbortController();
    const pending = client().request({ ...infer(server.url), signal: controller.signal });
    setTimeout(() => controller.abort(new Error("run cancelled")), 50);
    await expect(pending).rejects.toBeInstanceOf(OutboundAborted);
  });
});
