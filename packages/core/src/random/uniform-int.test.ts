import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng, type Rng } from "./create-rng.ts";
import { uniformInt } from "./uniform-int.ts";

const vectors = JSON.parse(readFileSync(new URL("../../test/golden/rng-vectors.json", import.meta.url), "utf8")) as {
  rng: { seed: number; uniformInt: { bounds: number[]; values: number[] } }[];
};

/** An Rng that replays fixed outputs, to test the rejection step exactly. */
function replay(outputs: number[]): Rng {
  let k = 0;
  return {
    nextUint32: () => outputs[k++] as number,
    nextFloat: () => {
      throw new Error("not used");
    },
  };
}

describe("uniformInt", () => {
  it.each(vectors.rng)("seed $seed reproduces the Python reference", ({ seed, uniformInt: v }) => {
    const rng = createRng(seed);
    expect(v.bounds.map((n) => uniformInt(rng, n))).toEqual(v.values);
  });

  it.each([
    // n = 3: 2^32 mod 3 = 1, so the limit is 2^32 − 1 and r = 2^32 − 1 is rejected.
    { n: 3, outputs: [4294967295, 7], expected: 1 },
    { n: 3, outputs: [4294967294], expected: 4294967294 % 3 },
    // n = 2^31 + 1: limit = 2^31 + 1, so anything above 2^31 is rejected.
    { n: 2 ** 31 + 1, outputs: [2 ** 31 + 1, 2 ** 31], expected: 2 ** 31 },
    { n: 1, outputs: [123], expected: 0 },
    { n: 2 ** 32, outputs: [4294967295], expected: 4294967295 },
  ])("n=$n, outputs $outputs → $expected", ({ n, outputs, expected }) => {
    expect(uniformInt(replay(outputs), n)).toBe(expected);
  });

  it.each([0, -1, 1.5, 2 ** 32 + 1, Number.NaN])("refuses n = %s", (n) => {
    expect(() => uniformInt(createRng(1), n)).toThrow(InvalidInputError);
  });

  it("covers [0, n) evenly", () => {
    const rng = createRng(11);
    const counts = new Float64Array(6);
    for (let i = 0; i < 60_000; i++) {
      const k = uniformInt(rng, 6);
      counts[k] = (counts[k] as number) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});
