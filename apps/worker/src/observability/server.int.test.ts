import { networkInterfaces } from "node:os";
import { createRedis, enqueue } from "@fieldtest/jobs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { syntheticRows } from "../testing/synthetic-data.ts";
import { waitFor } from "../testing/wait-for.ts";
import { spawnWorkerProcess, type WorkerProcess } from "../testing/worker-process.ts";
import { openWorkerTestContext, type WorkerTestContext } from "../testing/worker-test-context.ts";
import { createWorkerMetrics } from "./metrics.ts";
import { type ObservabilityServer, startObservabilityServer } from "./server.ts";

let ctx: WorkerTestContext;
const started: WorkerProcess[] = [];
const servers: ObservabilityServer[] = [];
const redisClients: ReturnType<typeof createRedis>[] = [];

beforeAll(async () => {
  ctx = await openWorkerTestContext("observability");
});

afterEach(async () => {
  for (const child of started.splice(0)) {
    child.crash();
    await child.exited;
  }
  for (const server of servers.splice(0)) await server.close();
  for (const client of redisClients.splice(0)) client.disconnect();
});

afterAll(async () => {
  await ctx?.close();
});

const TOKEN = "observability-int-test-token";

/** A reachable address of this machine that is not loopback, when it has one. */
function externalIPv4(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
}

describe("the worker process's observability endpoints", () => {
  it("serves /healthz, /readyz and /metrics with the job it ran", { timeout: 120_000 }, async () => {
    const worker = spawnWorkerProcess(
      ctx.workerProcessEnv({
        FIELDTEST_WORKER_METRICS_PORT: "0",
        FIELDTEST_SWEEP_INTERVAL_MS: "600000",
        FIELDTEST_CODE_VERSION: "observability-int-test",
      }),
    );
    started.push(worker);
    const announced = await worker.waitForEvent("worker.started", undefined, 60_000);
    expect(announced).toMatchObject({ level: "info" });
    expect(announced.time).toEqual(expect.any(String));
    const base = String(announced.metricsUrl);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });

    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      checks: { redis: { ok: true }, postgres: { ok: true } },
    });

    const { run } = await ctx.createRun({ rows: syntheticRows(300, 5), split: { kind: "random", testFraction: 0.5 } });
    await enqueue("benchmarkRun", { runId: run.id }, { prefix: ctx.prefix });
    await worker.waitForEvent("run.succeeded", (e) => e.runId === run.id, 60_000);

    // The completed event follows the processor's return; scrape until BullMQ has reported it.
    const text = await waitFor("the completed job in /metrics", async () => {
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const body = await response.text();
      return body.includes('fieldtest_job_duration_seconds_count{queue="benchmark-run",outcome="completed"} 1')
        ? body
        : undefined;
    });
    expect(text).toContain('fieldtest_queue_jobs{queue="benchmark-run",state="completed"} 1');
    expect(text).toContain('fieldtest_queue_jobs{queue="benchmark-run",state="active"} 0');
    expect(text).toContain('fieldtest_queue_depth{queue="benchmark-run"} 0');
    for (const name of [
      "fieldtest_queue_jobs",
      "fieldtest_queue_depth",
      "fieldtest_job_duration_seconds",
      "fieldtest_job_failures_total",
      "fieldtest_outbound_call_duration_seconds",
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }

    // Every line the worker wrote is JSON with time, level and event; the listeners raised nothing.
    expect(worker.events.filter((e) => e.level === "error")).toEqual([]);
    expect(worker.events.length).toBeGreaterThan(2);
    for (const event of worker.events) {
      expect(event).toMatchObject({ time: expect.any(String), level: expect.any(String), event: expect.any(String) });
    }

    worker.signal("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

describe("a worker whose metrics port is taken", () => {
  it("says so in worker.started and keeps working", { timeout: 120_000 }, async () => {
    const squatter = await startObservabilityServer({
      host: "127.0.0.1",
      port: 0,
      metrics: createWorkerMetrics(),
      queues: [],
      readiness: [],
    });
    servers.push(squatter);
    const worker = spawnWorkerProcess(
      ctx.workerProcessEnv({
        FIELDTEST_WORKER_METRICS_PORT: String(squatter.port),
        FIELDTEST_SWEEP_INTERVAL_MS: "600000",
      }),
    );
    started.push(worker);
    const announced = await worker.waitForEvent("worker.started", undefined, 60_000);
    expect(announced.metricsUrl).toBeUndefined();
    expect(announced.metricsError).toMatch(/EADDRINUSE/);

    const { run } = await ctx.createRun({ rows: syntheticRows(200, 9), split: { kind: "random", testFraction: 0.5 } });
    await enqueue("benchmarkRun", { runId: run.id }, { prefix: ctx.prefix });
    await worker.waitForEvent("run.succeeded", (e) => e.runId === run.id, 60_000);
    worker.signal("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });
});

describe("startObservabilityServer", () => {
  it("answers /readyz with 503 naming Redis when Redis cannot be reached", async () => {
    const badRedis = createRedis("producer", "redis://127.0.0.1:1");
    badRedis.on("error", () => {});
    redisClients.push(badRedis);
    const server = await startObservabilityServer({
      host: "127.0.0.1",
      port: 0,
      metrics: createWorkerMetrics(),
      queues: [],
      readiness: [
        { name: "redis", check: () => badRedis.ping() },
        { name: "postgres", check: () => ctx.db.$queryRaw`select 1` },
      ],
      checkTimeoutMs: 1_000,
    });
    servers.push(server);

    const started = performance.now();
    const response = await fetch(`${server.url}/readyz`);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; checks: Record<string, { ok: boolean; error?: string }> };
    expect(body.status).toBe("unavailable");
    expect(body.checks.postgres?.ok).toBe(true);
    expect(body.checks.redis?.ok).toBe(false);
    expect(body.checks.redis?.error).toEqual(expect.any(String));
    expect(body.checks.redis?.error).not.toMatch(/\n\s+at /);

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("serves /metrics to loopback freely and to other addresses only with the token", async (test) => {
    const address = externalIPv4();
    if (!address) test.skip("this machine has no non-loopback IPv4 address to call from");
    const open = await startObservabilityServer({
      host: "0.0.0.0",
      port: 0,
      metrics: createWorkerMetrics(),
      queues: [],
      readiness: [],
    });
    const guarded = await startObservabilityServer({
      host: "0.0.0.0",
      port: 0,
      metrics: createWorkerMetrics(),
      queues: [],
      readiness: [],
      token: TOKEN,
    });
    servers.push(open, guarded);
    const get = (server: ObservabilityServer, host: string, authorization?: string) =>
      fetch(`http://${host}:${server.port}/metrics`, { headers: authorization ? { authorization } : {} });

    expect((await get(open, "127.0.0.1")).status).toBe(200);
    expect((await get(open, address as string)).status).toBe(403);
    expect((await get(open, address as string, `Bearer ${TOKEN}`)).status).toBe(403);
    expect((await get(guarded, "127.0.0.1")).status).toBe(200);
    const refused = await get(guarded, address as string);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await get(guarded, address as string, "Bearer wrong-token")).status).toBe(401);
    const allowed = await get(guarded, address as string, `Bearer ${TOKEN}`);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("# TYPE process_cpu_seconds_total counter");
    // Health probes stay open to everyone.
    expect((await fetch(`http://${address}:${guarded.port}/healthz`)).status).toBe(200);
  });
});
