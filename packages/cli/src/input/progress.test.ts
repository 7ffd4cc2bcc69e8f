import { describe, expect, it } from "vitest";
import { createProgress, createStatusLine, renderBar } from "./progress.ts";

function target(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (text: string) => void writes.push(text) };
}

describe("progress on stderr", () => {
  it("draws a bar on a terminal for a big file, at most every 100 ms, and erases it", () => {
    const t = target(true);
    let now = 0;
    const progress = createProgress({ target: t, label: "reading big.csv", total: 100 << 20, now: () => now });
    progress.update(10 << 20);
    now = 50;
    progress.update(20 << 20); // too soon: skipped
    now = 150;
    progress.update(50 << 20);
    progress.finish();
    expect(t.writes).toEqual([
      `\r${renderBar("reading big.csv", 10 << 20, 100 << 20)}`,
      `\r${renderBar("reading big.csv", 50 << 20, 100 << 20)}`,
      "\r\x1b[K",
    ]);
    expect(t.writes[1]).toBe("\rreading big.csv [###############---------------]  50% 50/100 MB");
  });

  it("writes nothing when stderr is not a terminal", () => {
    const t = target(false);
    const progress = createProgress({ target: t, label: "x", total: 1 << 30 });
    progress.update(1 << 29);
    progress.finish();
    const status = createStatusLine(t);
    status.show("bootstrap roc_auc");
    status.clear();
    expect(t.writes).toEqual([]);
  });

  it("writes nothing for a small file, even on a terminal", () => {
    const t = target(true);
    const progress = createProgress({ target: t, label: "x", total: 1000 });
    progress.update(500);
    progress.finish();
    expect(t.writes).toEqual([]);
  });
});
