import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { uniformInt } from "../random/uniform-int.ts";
import {
  type ApplyPerturbationsOptions,
  applyPerturbation,
  applyPerturbations,
  type FeatureColumns,
} from "./apply-perturbations.ts";
import { standardNormalSource } from "./perturbation-rng.ts";
import type { PerturbationSpec } from "./perturbation-spec.ts";

const N = 20_000;
const COUNTRIES = ["de", "fr", "it", "nl"];

/** A fixed table: income ~ N(50, 10²) with 5% missing, age uniform, country with 10% null. */
function table(): Required<FeatureColumns> {
  const rng = createRng(99);
  const normal = standardNormalSource(rng);
  const income = new Float64Array(N);
  const age = new Float64Array(N);
  const country: (string | null)[] = [];
  const channel: (string | null)[] = [];
  for (let i = 0; i < N; i++) {
    income[i] = rng.nextFloat() < 0.05 ? Number.NaN : 50 + 10 * normal();
    age[i] = 18 + uniformInt(rng, 60);
    country.push(rng.nextFloat() < 0.1 ? null : (COUNTRIES[uniformInt(rng, 4)] as string));
    channel.push(i % 3 === 0 ? "web" : "app");
  }
  return { numeric: { income, age }, categorical: { country, channel } };
}

const FEATURES = table();
const run = (spec: PerturbationSpec, seed: number | bigint = 1, features: FeatureColumns = FEATURES) =>
  applyPerturbation({ perturbation: spec, features, seed });

function std(values: ArrayLike<number>): number {
  const xs = Array.from(values).filter((x) => !Number.isNaN(x));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
}

/** |changed − rate·present| within 4 binomial standard deviations (plus exactness at 0 and 1). */
function expectBinomial(changed: number, present: number, rate: number): void {
  const sd = Math.sqrt(present * rate * (1 - rate));
  expect(Math.abs(changed - rate * present)).toBeLessThanOrEqual(4 * sd);
}

const SPECS: PerturbationSpec[] = [
  { kind: "gaussian_noise", factor: 0.5 },
  { kind: "missing_values", rate: 0.2 },
  { kind: "category_swap", rate: 0.3 },
  { kind: "shift", operation: "add_std", amount: 1 },
  { kind: "shift", operation: "multiply", amount: 1.5 },
];

describe("applyPerturbation: every kind", () => {
  it.each(SPECS)("$kind is deterministic for a seed and differs for another seed: %o", (spec) => {
    const a = run(spec, 42);
    expect(run(spec, 42)).toEqual(a);
    expect(run(spec, 42n)).toEqual(a);
    if (spec.kind !== "shift") expect(run(spec, 43).features).not.toEqual(a.features);
  });

  it.each(SPECS)("$kind leaves its inputs untouched and returns new columns only where it changed them", (spec) => {
    const features = table();
    const snapshot = structuredClone(features);
    const { features: out, changes } = run(spec, 7, features);
    expect(features).toEqual(snapshot);
    const perturbed = new Set(changes.map((c) => c.column));
    for (const [name, column] of Object.entries({ ...features.numeric, ...features.categorical })) {
      const result = out.numeric[name] ?? out.categorical[name];
      if (perturbed.has(name)) expect(result).not.toBe(column);
      else expect(result).toBe(column);
    }
  });
});

describe("gaussian_noise", () => {
  it.each([0.05, 0.5, 2])("noise has std ≈ %s·σ and mean ≈ 0; missing stays missing", (factor) => {
    const { features, changes } = run({ kind: "gaussian_noise", columns: ["income"], factor }, 3);
    const before = FEATURES.numeric.income as Float64Array;
    const after = features.numeric.income as Float64Array;
    const sigma = std(before);
    const diff = Array.from(after, (x, i) => x - (before[i] as number));
    const present = diff.filter((d) => !Number.isNaN(d));
    expect(present.length).toBe(changes[0]?.present);
    expect(changes[0]).toMatchObject({ column: "income", changed: present.length });
    expect(changes[0]?.std).toBeCloseTo(sigma, 9);
    // std of a std estimate ≈ σ/√(2n) ≈ 0.5 % here: 3 % is ~6 standard errors.
    expect(std(present) / (factor * sigma)).toBeGreaterThan(0.97);
    expect(std(present) / (factor * sigma)).toBeLessThan(1.03);
    expect(Math.abs(present.reduce((a, b) => a + b, 0) / present.length)).toBeLessThan(
      (4 * factor * sigma) / Math.sqrt(present.length),
    );
    for (let i = 0; i < N; i++) expect(Number.isNaN(after[i] as number)).toBe(Number.isNaN(before[i] as number));
  });

  it.each([
    { name: "factor 0", factor: 0, column: Float64Array.from([1, 2, 3]) },
    { name: "a constant column (σ = 0)", factor: 1, column: Float64Array.from([4, 4, 4]) },
    { name: "an all-missing column", factor: 1, column: Float64Array.from([Number.NaN, Number.NaN]) },
    { name: "no rows", factor: 1, column: new Float64Array(0) },
  ])("$name: values unchanged", ({ factor, column }) => {
    const { features, changes } = run({ kind: "gaussian_noise", factor }, 1, { numeric: { x: column } });
    expect(features.numeric.x).toEqual(column);
    expect(changes[0]?.changed).toBe(0);
  });

  it("one column's noise does not depend on which other columns are perturbed, nor on key order", () => {
    const alone = run({ kind: "gaussian_noise", columns: ["income"], factor: 1 }, 5).features.numeric.income;
    const both = run({ kind: "gaussian_noise", factor: 1 }, 5).features.numeric.income;
    const reordered = run({ kind: "gaussian_noise", factor: 1 }, 5, {
      numeric: { age: FEATURES.numeric.age as Float64Array, income: FEATURES.numeric.income as Float64Array },
    }).features.numeric.income;
    expect(both).toEqual(alone);
    expect(reordered).toEqual(alone);
  });
});

describe("missing_values", () => {
  it.each([0, 0.01, 0.1, 0.5, 0.99, 1])("rate %s: the share made missing is binomial(present, rate)", (rate) => {
    const { features, changes } = run({ kind: "missing_values", rate }, 11);
    for (const change of changes) {
      expectBinomial(change.changed, change.present, rate);
      if (rate === 0) expect(change.changed).toBe(0);
      if (rate === 1) expect(change.changed).toBe(change.present);
    }
    expect(changes.map((c) => c.column)).toEqual(["income", "age", "country", "channel"]);
    const income = features.numeric.income as Float64Array;
    const nanBefore = Array.from(FEATURES.numeric.income as Float64Array).filter(Number.isNaN).length;
    expect(Array.from(income).filter(Number.isNaN).length).toBe(nanBefore + (changes[0]?.changed ?? 0));
    const country = features.categorical.country as (string | null)[];
    const nullBefore = (FEATURES.categorical.country as (string | null)[]).filter((v) => v === null).length;
    expect(country.filter((v) => v === null).length).toBe(nullBefore + (changes[2]?.changed ?? 0));
  });

  it("only sets values missing, never changes a present one", () => {
    const { features } = run({ kind: "missing_values", columns: ["country"], rate: 0.4 }, 2);
    const before = FEATURES.categorical.country as (string | null)[];
    (features.categorical.country as (string | null)[]).forEach((v, i) => {
      if (v !== null) expect(v).toBe(before[i]);
    });
  });
});

describe("category_swap", () => {
  it.each([0.01, 0.1, 0.3, 1])("rate %s: swaps are binomial, always to another observed category", (rate) => {
    const { features, changes } = run({ kind: "category_swap", columns: ["country"], rate }, 17);
    const before = FEATURES.categorical.country as (string | null)[];
    const after = features.categorical.country as (string | null)[];
    let swapped = 0;
    after.forEach((v, i) => {
      if (before[i] === null) {
        expect(v).toBeNull();
        return;
      }
      expect(COUNTRIES).toContain(v);
      if (v !== before[i]) swapped++;
    });
    expect(swapped).toBe(changes[0]?.changed);
    expectBinomial(swapped, changes[0]?.present ?? 0, rate);
  });

  it("draws the new category uniformly among the other observed ones", () => {
    const { features } = run({ kind: "category_swap", columns: ["country"], rate: 1 }, 23);
    const before = FEATURES.categorical.country as (string | null)[];
    const after = features.categorical.country as (string | null)[];
    const fromDe = after.filter((_, i) => before[i] === "de");
    for (const target of ["fr", "it", "nl"]) {
      const share = fromDe.filter((v) => v === target).length;
      expectBinomial(share, fromDe.length, 1 / 3);
    }
  });

  it("a two-category column at rate 1 flips every value", () => {
    const { features } = run({ kind: "category_swap", columns: ["channel"], rate: 1 }, 1);
    const before = FEATURES.categorical.channel as string[];
    expect(features.categorical.channel).toEqual(before.map((v) => (v === "web" ? "app" : "web")));
  });
});

describe("shift", () => {
  it.each([-2, 0, 0.5, 3])("add_std %s: every present value moves by amount·σ", (amount) => {
    const { features, changes } = run({ kind: "shift", columns: ["income"], operation: "add_std", amount });
    const before = FEATURES.numeric.income as Float64Array;
    const sigma = std(before);
    expect(changes[0]?.std).toBeCloseTo(sigma, 9);
    const after = features.numeric.income as Float64Array;
    for (let i = 0; i < N; i++) {
      const x = before[i] as number;
      if (Number.isNaN(x)) expect(after[i]).toBeNaN();
      else expect(after[i]).toBe(x + amount * (changes[0]?.std as number));
    }
  });

  it("multiply: x·amount, NaN stays NaN, no σ reported", () => {
    const column = Float64Array.from([0, 2, -3, Number.NaN]);
    const { features, changes } = run({ kind: "shift", operation: "multiply", amount: 1.5 }, 1, {
      numeric: { x: column },
    });
    expect(Array.from(features.numeric.x as Float64Array)).toEqual([0, 3, -4.5, Number.NaN]);
    expect(changes).toEqual([{ step: 0, kind: "shift", column: "x", present: 3, changed: 2 }]);
  });
});

describe("applyPerturbations: lists", () => {
  it("applies steps in order, each step with its own stream; one step equals applyPerturbation", () => {
    const noise: PerturbationSpec = { kind: "gaussian_noise", columns: ["income"], factor: 1 };
    const missing: PerturbationSpec = { kind: "missing_values", columns: ["income"], rate: 0.5 };
    const list = applyPerturbations({ perturbations: [noise, missing], features: FEATURES, seed: 9 });
    const first = run(noise, 9);
    const second = applyPerturbations({ perturbations: [missing], features: first.features, seed: 9 });
    expect(list.changes.map((c) => [c.step, c.kind])).toEqual([
      [0, "gaussian_noise"],
      [1, "missing_values"],
    ]);
    // step 1 draws from its own stream, so it differs from running the same spec as step 0
    expect(list.features.numeric.income).not.toEqual(second.features.numeric.income);
    const missingOnly = list.features.numeric.income as Float64Array;
    const noisy = first.features.numeric.income as Float64Array;
    missingOnly.forEach((x, i) => {
      if (!Number.isNaN(x)) expect(x).toBe(noisy[i]);
    });
  });
});

describe("applyPerturbations: errors", () => {
  const base: ApplyPerturbationsOptions = {
    perturbations: [{ kind: "missing_values", rate: 0.1 }],
    features: FEATURES,
    seed: 1,
  };
  it.each<{ name: string; opts: Partial<ApplyPerturbationsOptions>; message: string | RegExp }>([
    {
      name: "rate out of range, naming the field",
      opts: { perturbations: [{ kind: "missing_values", rate: 1.5 }] },
      message: /^perturbations\[0\]\.rate: /,
    },
    { name: "no perturbation", opts: { perturbations: [] }, message: /^perturbations: / },
    { name: "unknown kind", opts: { perturbations: [{ kind: "blur" } as never] }, message: "perturbations[0].kind" },
    {
      name: "unknown column",
      opts: { perturbations: [{ kind: "missing_values", columns: ["salary"], rate: 0.1 }] },
      message: 'perturbations[0] (missing_values): unknown column "salary"',
    },
    {
      name: "noise on a categorical column",
      opts: { perturbations: [{ kind: "gaussian_noise", columns: ["country"], factor: 1 }] },
      message: 'column "country" is categorical; gaussian_noise applies to numeric columns',
    },
    {
      name: "swap on a numeric column",
      opts: { perturbations: [{ kind: "category_swap", columns: ["age"], rate: 0.1 }] },
      message: 'column "age" is numeric; category_swap applies to categorical columns',
    },
    {
      name: "no numeric column for noise",
      opts: { perturbations: [{ kind: "gaussian_noise", factor: 1 }], features: { categorical: { c: ["a"] } } },
      message: "perturbations[0] (gaussian_noise): there is no numeric column to perturb",
    },
    {
      name: "no column at all",
      opts: { features: {} },
      message: "perturbations[0] (missing_values): there is no column to perturb",
    },
    {
      name: "a name both numeric and categorical",
      opts: { features: { numeric: { a: new Float64Array(1) }, categorical: { a: ["x"] } } },
      message: 'column "a" is both numeric and categorical',
    },
    {
      name: "columns of different lengths",
      opts: { features: { numeric: { a: new Float64Array(2) }, categorical: { b: ["x"] } } },
      message: 'column "b" has 1 rows, column "a" has 2',
    },
    {
      name: "a numeric column that is not a Float64Array",
      opts: { features: { numeric: { a: [1, 2] as never } } },
      message: 'numeric column "a" must be a Float64Array',
    },
    {
      name: "a categorical value that is not a string",
      opts: { features: { categorical: { c: ["a", 3 as never] } } },
      message: 'categorical column "c": c[1] must be a string or null, got 3',
    },
    {
      name: "Infinity under noise",
      opts: {
        perturbations: [{ kind: "gaussian_noise", factor: 1 }],
        features: { numeric: { x: Float64Array.from([1, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]) } },
      },
      message: 'column "x": values must be finite or NaN (missing): 2 infinite, first x[1] = -Infinity',
    },
    {
      name: "Infinity under multiply",
      opts: {
        perturbations: [{ kind: "shift", operation: "multiply", amount: 2 }],
        features: { numeric: { x: Float64Array.from([Number.POSITIVE_INFINITY]) } },
      },
      message: "1 infinite",
    },
    {
      name: "a swap with one observed category",
      opts: {
        perturbations: [{ kind: "category_swap", rate: 0.1 }],
        features: { categorical: { c: ["a", null, "a"] } },
      },
      message: 'category_swap: column "c" has 1 observed category; a swap needs at least 2',
    },
    { name: "a fractional seed", opts: { seed: 1.5 }, message: "seed must be a safe integer or a bigint" },
  ])("refuses $name", ({ opts, message }) => {
    const attempt = () => applyPerturbations({ ...base, ...opts });
    expect(attempt).toThrow(InvalidInputError);
    expect(attempt).toThrow(message);
  });

  it("a swap at rate 0 on a one-category column is a no-op, not an error", () => {
    const { changes } = run({ kind: "category_swap", rate: 0 }, 1, { categorical: { c: ["a", "a"] } });
    expect(changes[0]?.changed).toBe(0);
  });
});
