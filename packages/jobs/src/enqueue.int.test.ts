import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closeQueues, ENQUEUE_MANY_CHUNK, enqueue, enqueueMany, getQueue, pingQueueRedis } from "./enqueue.ts";
import { queues } from "./queues.ts";

const prefix = `fieldtest-jobs-int-${process.pid}-${Date.now().toString(36)}`;
const queue = () => getQueue("benchmarkRun", prefix);

afterAll(async () => {
  await queue().obliterate({ force: true });
  await closeQueues();
});

describe("enqueueMany", () => {
  it("adds every job with jobId = run id and the queue's options, across several addBulk chunks", async () => {
    const payloads = Array.from({ length: ENQUEUE_MANY_CHUNK * 2 + 7 }, () => ({ runId: randomUUID() }));
    const ids = await enqueueMany("benchmarkRun", payloads, { prefix });
    expect(ids).toEqual(payloads.map((p) => p.runId));
    expect(await queue().getJobCountByTypes("waiting")).toBe(payloads.length);
    const job = await queue().getJob(payloads[ENQUEUE_MANY_CHUNK + 3]?.runId as string);
    expect(job?.data).toEqual(payloads[ENQUEUE_MANY_CHUNK + 3]);
    expect(job?.opts).toMatchObject({
      attempts: queues.benchmarkRun.options.attempts,
      backoff: { type: "exponential" },
    });
    await queue().drain();
  });

  it("adds nothing when one payload is invalid", async () => {
    const good = { runId: randomUUID() };
    await expect(enqueueMany("benchmarkRun", [good, { runId: "nope" }], { prefix })).rejects.toThrow();
    expect(await queue().getJob(good.runId)).toBeUndefined();
  });

  it("leaves a run whose job exists alone, like enqueue", async () => {
    const runId = randomUUID();
    await enqueue("benchmarkRun", { runId }, { prefix });
    const before = await queue().getJob(runId);
    await enqueueMany("benchmarkRun", [{ runId }, { runId: randomUUID() }], { prefix });
    expect((await queue().getJob(runId))?.timestamp).toBe(before?.timestamp);
    expect(await queue().getJobCountByTypes("waiting")).toBe(2);
    await queue().drain();
  });

  it("does nothing for no payloads", async () => {
    await expect(enqueueMany("benchmarkRun", [], { prefix })).resolves.toEqual([]);
  });
});

describe("pingQueueRedis", () => {
  it("resolves when Redis answers", async () => {
    await expect(pingQueueRedis(prefix)).resolves.toBeUndefined();
  });
});
