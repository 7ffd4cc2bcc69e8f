import { describe, expect, it } from "vitest";
import { parseWorkerEnv } from "./env.ts";

describe("parseWorkerEnv", () => {
  it("defaults to BullMQ's lock settings and no test throttle", () => {
    expect(parseWorkerEnv({})).toEqual({
      FIELDTEST_WORKER_CONCURRENCY: 2,
      FIELDTEST_WORKER_LOCK_DURATION_MS: 30_000,
      FIELDTEST_WORKER_STALLED_INTERVAL_MS: 30_000,
      FIELDTEST_SWEEP_INTERVAL_MS: 30_000,
      FIELDTEST_EVENT_RETENTION_DAYS: 400,
      FIELDTEST_WORKER_SHUTDOWN_GRACE_MS: 10_000,
      FIELDTEST_CODE_VERSION: "dev",
      FIELDTEST_WORKER_THROTTLE_MS: 0,
      FIELDTEST_OUTBOUND_ALLOW: "",
      FIELDTEST_WEBHOOK_ALLOW: "",
      FIELDTEST_WORKER_METRICS_PORT: 9464,
      FIELDTEST_WORKER_METRICS_HOST: "127.0.0.1",
    });
  });

  it("reads the observability settings; port 0 means any free port", () => {
    const env = parseWorkerEnv({
      FIELDTEST_WORKER_METRICS_PORT: "0",
      FIELDTEST_WORKER_METRICS_HOST: "0.0.0.0",
      FIELDTEST_METRICS_TOKEN: "a-long-random-metrics-token",
    });
    expect(env).toMatchObject({
      FIELDTEST_WORKER_METRICS_PORT: 0,
      FIELDTEST_WORKER_METRICS_HOST: "0.0.0.0",
      FIELDTEST_METRICS_TOKEN: "a-long-random-metrics-token",
    });
    expect(parseWorkerEnv({ FIELDTEST_METRICS_TOKEN: "" }).FIELDTEST_METRICS_TOKEN).toBeUndefined();
  });

  it("treats empty variables as unset", () => {
    const env = parseWorkerEnv({ FIELDTEST_WORKER_CONCURRENCY: "", FIELDTEST_CODE_VERSION: " " });
    expect(env.FIELDTEST_WORKER_CONCURRENCY).toBe(2);
    expect(env.FIELDTEST_CODE_VERSION).toBe("dev");
  });

  it("reads the short settings crash tests use", () => {
    const env = parseWorkerEnv({
      FIELDTEST_WORKER_LOCK_DURATION_MS: "2000",
      FIELDTEST_WORKER_STALLED_INTERVAL_MS: "1000",
      FIELDTEST_WORKER_THROTTLE_MS: "150",
      FIELDTEST_CODE_VERSION: "abc123",
    });
    expect(env).toMatchObject({
      FIELDTEST_WORKER_LOCK_DURATION_MS: 2000,
      FIELDTEST_WORKER_STALLED_INTERVAL_MS: 1000,
      FIELDTEST_WORKER_THROTTLE_MS: 150,
      FIELDTEST_CODE_VERSION: "abc123",
    });
  });

  it.each([
    [{ FIELDTEST_WORKER_CONCURRENCY: "0" }, "FIELDTEST_WORKER_CONCURRENCY"],
    [{ FIELDTEST_WORKER_CONCURRENCY: "two" }, "FIELDTEST_WORKER_CONCURRENCY"],
    [{ FIELDTEST_WORKER_LOCK_DURATION_MS: "100" }, "FIELDTEST_WORKER_LOCK_DURATION_MS"],
    [{ FIELDTEST_WORKER_THROTTLE_MS: "-1" }, "FIELDTEST_WORKER_THROTTLE_MS"],
    [{ FIELDTEST_WORKER_METRICS_PORT: "65536" }, "FIELDTEST_WORKER_METRICS_PORT"],
    [{ FIELDTEST_METRICS_TOKEN: "short" }, "FIELDTEST_METRICS_TOKEN"],
  ])("names the variable that is wrong: %j", (source, name) => {
    expect(() => parseWorkerEnv(source)).toThrow(new RegExp(`^Invalid environment: ${name}: `));
  });

  it("validates the outbound allow list at start-up, keeping it a string", () => {
    expect(
      parseWorkerEnv({ FIELDTEST_OUTBOUND_ALLOW: " 127.0.0.1, localhost,10.0.0.0/8 " }).FIELDTEST_OUTBOUND_ALLOW,
    ).toBe("127.0.0.1, localhost,10.0.0.0/8");
    expect(() => parseWorkerEnv({ FIELDTEST_OUTBOUND_ALLOW: "127.0.0.1,10.0.0.0/33" })).toThrow(
      /^Invalid environment: FIELDTEST_OUTBOUND_ALLOW: .*10\.0\.0\.0\/33/,
    );
  });
});
