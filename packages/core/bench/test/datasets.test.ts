import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFloat64, writeBinaryCsv, writeFloat64 } from "../column-files.ts";
import { binaryColumns, multiclassColumns, regressionColumns } from "../datasets.ts";

describe("binaryColumns", () => {
  it("gives the same columns for the same seed and different ones for another seed", () => {
    const a = binaryColumns(1000, 1);
    const b = binaryColumns(1000, 1);
    const c = binaryColumns(1000, 2);
    expect(a.labels).toEqual(b.labels);
    expect(a.scores).toEqual(b.scores);
    expect(a.scores).not.toEqual(c.scores);
  });

  it("is pinned: seed 1's columns do not drift between versions of the generator", () => {
    const { labels, scores } = binaryColumns(1000, 1);
    const ones = labels.reduce((sum, y) => sum + y, 0);
    const scoreSum = scores.reduce((sum, s) => sum + s, 0);
    expect({ ones, scoreSum, first: scores[0], last: scores[999] }).toMatchInlineSnapshot(`
      {
        "first": 0.21961097517313896,
        "last": 0.19398990654422593,
        "ones": 309,
        "scoreSum": 295.7899290451127,
      }
    `);
  });

  it("has 0/1 labels, about 30% ones, and scores strictly inside (0, 1)", () => {
    const { labels, scores } = binaryColumns(20_000, 3);
    let ones = 0;
    for (let i = 0; i < labels.length; i++) {
      expect(labels[i] === 0 || labels[i] === 1).toBe(true);
      ones += labels[i] as number;
      expect((scores[i] as number) > 0 && (scores[i] as number) < 1).toBe(true);
    }
    expect(ones / labels.length).toBeGreaterThan(0.28);
    expect(ones / labels.length).toBeLessThan(0.32);
  });
});

describe("multiclassColumns and regressionColumns", () => {
  it("are deterministic per seed", () => {
    expect(multiclassColumns(500, 5, 4)).toEqual(multiclassColumns(500, 5, 4));
    expect(regressionColumns(500, 5)).toEqual(regressionColumns(500, 5));
  });

  it("gives rows of probabilities summing to 1 and labels in 0..K−1", () => {
    const { labels, probabilities } = multiclassColumns(2000, 5, 4);
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i] as number;
      expect(Number.isInteger(label) && label >= 0 && label < 5).toBe(true);
      const total = probabilities.reduce((sum, column) => sum + (column[i] as number), 0);
      expect(Math.abs(total - 1)).toBeLessThan(1e-12);
    }
  });
});

describe("column files", () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-columns-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trips float64 columns bit for bit", () => {
    const column = new Float64Array([0, -0, 1.5, Number.MIN_VALUE, 0.1 + 0.2, -1e300]);
    const path = join(dir, "c.f64");
    writeFloat64(path, column);
    expect(readFileSync(path).length).toBe(column.length * 8);
    expect(Object.is(readFloat64(path)[1], -0)).toBe(true);
    expect(readFloat64(path)).toEqual(column);
  });

  it("writes a CSV whose numbers parse back to the very same doubles", () => {
    const { labels, scores } = binaryColumns(100, 9);
    const path = join(dir, "c.csv");
    writeBinaryCsv(path, labels, scores);
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("y,p");
    expect(lines).toHaveLength(101);
    lines.slice(1).forEach((line, i) => {
      const [y, p] = line.split(",").map(Number);
      expect(y).toBe(labels[i]);
      expect(p).toBe(scores[i]);
    });
  });
});
