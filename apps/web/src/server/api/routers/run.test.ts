import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("@fieldtest/jobs", () => ({
  enqueue: vi.fn(async () => {
    throw new Error("connect ECONNREFUSED 127.0.0.1:6379");
  }),
}));

const { enqueueRun } = await import("./run");

afterEach(() => vi.restoreAllMocks());

describe("enqueueRun", () => {
  it("logs a failed enqueue as one JSON line (the run stays queued for the sweeper) and does not throw", async () => {
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(enqueueRun("run-1")).resolves.toBeUndefined();
    expect(consoleError).not.toHaveBeenCalled();
    const lines = stdout.mock.calls.map(([chunk]) => String(chunk));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      level: "warn",
      event: "run.enqueue-failed",
      runId: "run-1",
      error: "Error: connect ECONNREFUSED 127.0.0.1:6379",
    });
  });
});
