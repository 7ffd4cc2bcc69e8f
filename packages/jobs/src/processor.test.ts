import { randomUUID } from "node:crypto";
import { type Job, UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { chunked } from "./enqueue.ts";
import { processorFor } from "./processor.ts";

const jobWith = (data: unknown) => ({ data }) as Job;

describe("processorFor", () => {
  it("hands the parsed payload and the job to the handler and returns its result", async () => {
    const runId = randomUUID();
    const job = jobWith({ runId });
    const process = processorFor("benchmarkRun", async (payload, seen) => ({ payload, same: seen === job }));
    await expect(process(job)).resolves.toEqual({ payload: { runId }, same: true });
  });

  it.each([
    [{}, "runId"],
    [{ runId: "not-a-uuid" }, "runId"],
    [null, "expected object"],
  ])("fails %j without retries (UnrecoverableError), before the handler runs", async (data, mentions) => {
    let called = false;
    const process = processorFor("benchmarkRun", async () => {
      called = true;
    });
    const failure = process(jobWith(data));
    await expect(failure).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(failure).rejects.toThrow(new RegExp(`Invalid benchmark-run payload: [\\s\\S]*${mentions}`));
    expect(called).toBe(false);
  });
});

describe("chunked", () => {
  it.each([
    [[], 3, []],
    [[1], 3, [[1]]],
    [[1, 2, 3], 3, [[1, 2, 3]]],
    [[1, 2, 3, 4], 3, [[1, 2, 3], [4]]],
    [[1, 2, 3, 4, 5, 6, 7], 2, [[1, 2], [3, 4], [5, 6], [7]]],
  ])("%j in chunks of %d", (items, size, expected) => {
    expect(chunked(items, size)).toEqual(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a chunk size of %d", (size) => {
    expect(() => chunked([1], size)).toThrow(RangeError);
  });
});
