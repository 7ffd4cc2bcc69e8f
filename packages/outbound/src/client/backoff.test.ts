import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryDelayMs } from "./backoff.ts";
import { Semaphore } from "./semaphore.ts";

const options = { baseMs: 100, maxMs: 1000, maxRetryAfterMs: 5000 };

describe("retryDelayMs", () => {
  it.each([
    [1, 1, 100],
    [2, 1, 200],
    [3, 1, 400],
    [5, 1, 1000],
    [20, 1, 1000],
    [3, 0.5, 200],
    [3, 0, 0],
  ])("retry %i with random %d → %i ms", (retry, r, expected) => {
    expect(retryDelayMs({ retry, options, random: () => r })).toBe(expected);
  });

  it("honours Retry-After within the cap", () => {
    expect(retryDelayMs({ retry: 1, retryAfterMs: 2000, options, random: () => 1 })).toBe(2000);
    expect(retryDelayMs({ retry: 1, retryAfterMs: 60_000, options, random: () => 1 })).toBe(5000);
    expect(retryDelayMs({ retry: 1, retryAfterMs: 0, options, random: () => 1 })).toBe(0);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it.each([
    ["3", 3000],
    [" 0 ", 0],
    ["Wed, 01 Jan 2025 00:00:10 GMT", 10_000],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["soon", undefined],
    ["-1", undefined],
    [undefined, undefined],
  ])("%j → %j", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe("Semaphore", () => {
  it("never lets more than the limit run, and serves waiters in order", async () => {
    const sem = new Semaphore(2);
    let running = 0;
    let max = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        sem.run(async () => {
          running++;
          max = Math.max(max, running);
          order.push(i);
          await new Promise((r) => setTimeout(r, 5));
          running--;
        }),
      ),
    );
    expect(max).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sem.active).toBe(0);
  });

  it("drops a waiter whose signal aborts", async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    const controller = new AbortController();
    const waiting = sem.acquire(controller.signal);
    controller.abort(new Error("cancelled"));
    await expect(waiting).rejects.toThrow("cancelled");
    release();
    expect(sem.active).toBe(0);
    const again = await sem.acquire();
    again();
  });

  it("rejects (never throws) when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    const pending = new Semaphore(1).acquire(controller.signal);
    await expect(pending).rejects.toThrow("gone");
  });

  it("rejects a limit below one", () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
