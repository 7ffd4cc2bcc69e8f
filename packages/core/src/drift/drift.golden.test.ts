import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { categoricalDrift, countCategories } from "./categorical-drift.ts";
import { chi2Contingency } from "./chi2-contingency.ts";
import { jensenShannon } from "./jensen-shannon.ts";
import { kolmogorovSf } from "./kolmogorov-sf.ts";
import { ksTwoSample } from "./ks-two-sample.ts";
import { numericDrift } from "./numeric-drift.ts";
import { pelzGoodCdf } from "./pelz-good-cdf.ts";
import { psi } from "./psi.ts";
import { wasserstein1 } from "./wasserstein.ts";

// Produced by test/golden/generate_drift.py with Debian 12's scipy 1.10.1 and numpy (see
// the script for the reference of each part). Regenerate with:
//   /usr/bin/python3 packages/core/test/golden/generate_drift.py
// DESIGN.md: statistics to 1e-9 relative, p-values to 1e-6.

/** A sample stored as its recipe; expanded with Fieldtest's PRNG exactly as the script does. */
interface SampleSpec {
  seed: number;
  n: number;
  kind: "uniform" | "grid";
  scale: number;
  shift: number;
  levels: number;
  missingEvery: number;
}
type Data = number[] | (number | null)[] | SampleSpec;
type Side = { reference: number; current: number };

interface KsCase {
  name: string;
  reference: Data;
  current: Data;
  statistic: number;
  pValue: number;
  method: "exact" | "asymp";
  branch: string;
}
interface KstwoPoint {
  x: number;
  n: number;
  sf: number;
  branch: string;
  scipy?: number | null;
}
interface WassersteinCase {
  name: string;
  reference: Data;
  current: Data;
  distance: number;
}
interface PsiCase {
  name: string;
  reference: Data;
  current: Data;
  edges: number[];
  referenceProportions: number[];
  currentProportions: number[];
  psi: number;
  js: number;
}
interface Chi2Case {
  name: string;
  observed: number[][];
  statistic: number;
  pValue: number;
  dof: number;
  expected: number[][];
}
interface CategoricalCase {
  name: string;
  reference: (string | null)[];
  current: (string | null)[];
  categories: string[];
  chi2_statistic: number;
  chi2_pvalue: number;
  dof: number;
  psi: number;
  js_distance: number;
  missing: Side;
  n: Side;
}
interface NumericReportCase {
  name: string;
  reference: Data;
  current: Data;
  expected: {
    type: "numeric";
    ks_statistic: number;
    ks_pvalue: number;
    wasserstein: number;
    psi: number;
    js_distance: number;
    missing: Side;
    n: Side;
  };
}
interface Golden {
  reference: string;
  quantileLevels: number[];
  psiFloor: number;
  ks: KsCase[];
  kstwo: KstwoPoint[];
  kstwoScipyOverflow: KstwoPoint[];
  wasserstein: WassersteinCase[];
  psi: PsiCase[];
  chi2: Chi2Case[];
  chi2Raises: { name: string; observed: number[][]; error: string }[];
  categorical: CategoricalCase[];
  jensenShannon: { p: number[]; q: number[]; distance: number }[];
  numericReport: NumericReportCase[];
  spot: Record<string, { statistic?: number; pValue?: number; value?: number; doc: number | number[] }>;
}

const golden: Golden = JSON.parse(readFileSync(new URL("../../test/golden/drift.json", import.meta.url), "utf8"));

const STATISTIC_RTOL = 1e-9;
const PVALUE_RTOL = 1e-6;

function column(data: Data): Float64Array {
  if (Array.isArray(data)) return Float64Array.from(data, (v) => (v === null ? Number.NaN : v));
  const rng = createRng(data.seed);
  const out = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) {
    const u = rng.nextFloat();
    const x =
      data.kind === "uniform" ? u * data.scale + data.shift : Math.floor(u * data.levels) * data.scale + data.shift;
    out[i] = data.missingEvery > 0 && i % data.missingEvery === data.missingEvery - 1 ? Number.NaN : x;
  }
  return out;
}

function expectClose(actual: number, expected: number, rtol: number, what: string): void {
  const tolerance = rtol * Math.abs(expected) + 1e-300;
  if (!(Math.abs(actual - expected) <= tolerance)) {
    expect.fail(
      `${what}: got ${actual}, scipy ${expected} (relative error ${Math.abs(actual - expected) / Math.abs(expected)})`,
    );
  }
}

describe(`drift golden vectors (${golden.reference})`, () => {
  describe("ks_2samp", () => {
    it.each(golden.ks.map((c) => [`${c.name} [${c.branch}]`, c] as const))("%s", (_, c) => {
      const result = ksTwoSample(column(c.reference), column(c.current));
      expect(result.method).toBe(c.method);
      expectClose(result.statistic, c.statistic, STATISTIC_RTOL, "statistic");
      expectClose(result.pValue, c.pValue, PVALUE_RTOL, "p-value");
    });

    it("covers every branch named in STATISTICS.md §2", () => {
      const branches = new Set(golden.ks.map((c) => c.branch));
      for (const branch of [
        "exact n1=n2",
        "exact n1!=n2",
        "t<=0.5",
        "ruben-gambino t<=1",
        "t>=n-1",
        "x>=0.5 smirnov",
      ]) {
        expect(branches).toContain(branch);
      }
      for (const branch of ["n<=140 durbin", "n<=140 smirnov", "durbin", "smirnov", "nx2>=370 zero", "pelz-good"]) {
        expect(branches).toContain(branch);
      }
    });
  });

  describe("kstwo.sf (the asymptotic p-value's distribution)", () => {
    it(`matches scipy at ${golden.kstwo.length} points across its branch table`, () => {
      for (const { x, n, sf, branch } of golden.kstwo) {
        expectClose(kolmogorovSf(x, n), sf, PVALUE_RTOL, `kstwo.sf(${x}, ${n}) [${branch}]`);
      }
    });

    it("stays finite where scipy's Durbin matrix power overflows (scipy returns 0; Pelz-Good agrees with us)", () => {
      expect(golden.kstwoScipyOverflow.length).toBeGreaterThan(0);
      for (const { x, n, sf, scipy } of golden.kstwoScipyOverflow) {
        const ours = kolmogorovSf(x, n);
        expectClose(ours, sf, 1e-9, `kstwo.sf(${x}, ${n}) vs Pelz-Good`);
        expect(ours).not.toBe(scipy);
        expectClose(1 - pelzGoodCdf(n, x), sf, 1e-12, "Pelz-Good port");
      }
    });
  });

  it.each(golden.wasserstein.map((c) => [c.name, c] as const))("wasserstein_distance: %s", (_, c) => {
    expectClose(wasserstein1(column(c.reference), column(c.current)).distance, c.distance, STATISTIC_RTOL, "W1");
  });

  it.each(golden.psi.map((c) => [c.name, c] as const))("PSI and JS on reference-quantile bins: %s", (_, c) => {
    const result = psi(column(c.reference), column(c.current));
    // numpy's edges bit for bit: a value equal to an edge must land in the same bin.
    expect(Array.from(result.edges)).toEqual(c.edges);
    expect(Array.from(result.referenceProportions)).toEqual(c.referenceProportions);
    expect(Array.from(result.currentProportions)).toEqual(c.currentProportions);
    expectClose(result.psi, c.psi, STATISTIC_RTOL, "PSI");
    expectClose(jensenShannon(result.referenceProportions, result.currentProportions), c.js, STATISTIC_RTOL, "JS");
  });

  it.each(golden.jensenShannon.map((c) => [JSON.stringify([c.p, c.q]), c] as const))("jensenshannon %s", (_, c) => {
    expectClose(jensenShannon(c.p, c.q), c.distance, STATISTIC_RTOL, "JS");
  });

  describe("chi2_contingency", () => {
    it.each(golden.chi2.map((c) => [c.name, c] as const))("%s", (_, c) => {
      const result = chi2Contingency(c.observed);
      expect(result.dof).toBe(c.dof);
      result.expected.forEach((row, i) => {
        row.forEach((e, j) => {
          expectClose(e, (c.expected[i] as number[])[j] as number, STATISTIC_RTOL, "expected");
        });
      });
      expectClose(result.statistic, c.statistic, STATISTIC_RTOL, "statistic");
      expectClose(result.pValue, c.pValue, PVALUE_RTOL, "p-value");
    });

    it.each(golden.chi2Raises.map((c) => [c.name, c] as const))("refuses what scipy refuses: %s", (_, c) => {
      expect(() => chi2Contingency(c.observed)).toThrow(InvalidInputError);
      expect(() => chi2Contingency(c.observed)).toThrow(/expected count .* is 0/);
    });
  });

  it.each(golden.categorical.map((c) => [c.name, c] as const))("categorical drift: %s", (_, c) => {
    expect(countCategories(c.reference, c.current).categories).toEqual(c.categories);
    const result = categoricalDrift(c.reference, c.current);
    expect(result.missing).toEqual(c.missing);
    expect(result.n).toEqual(c.n);
    expectClose(result.chi2_statistic, c.chi2_statistic, STATISTIC_RTOL, "chi2");
    expectClose(result.chi2_pvalue, c.chi2_pvalue, PVALUE_RTOL, "chi2 p");
    expectClose(result.psi, c.psi, STATISTIC_RTOL, "PSI");
    expectClose(result.js_distance, c.js_distance, STATISTIC_RTOL, "JS");
  });

  it.each(golden.numericReport.map((c) => [c.name, c] as const))("numeric drift, all statistics: %s", (_, c) => {
    const result = numericDrift(column(c.reference), column(c.current));
    const e = c.expected;
    expect(result.type).toBe("numeric");
    expect(result.missing).toEqual(e.missing);
    expect(result.n).toEqual(e.n);
    expectClose(result.ks_statistic, e.ks_statistic, STATISTIC_RTOL, "KS");
    expectClose(result.ks_pvalue, e.ks_pvalue, PVALUE_RTOL, "KS p");
    expectClose(result.wasserstein, e.wasserstein, STATISTIC_RTOL, "W1");
    expectClose(result.psi, e.psi, STATISTIC_RTOL, "PSI");
    expectClose(result.js_distance, e.js_distance, STATISTIC_RTOL, "JS");
  });

  it("reproduces STATISTICS.md's spot vectors", () => {
    const s = golden.spot;
    const ks1 = ksTwoSample(Float64Array.from([1, 2, 3, 4, 5]), Float64Array.from([2.5, 3.5, 6, 7, 8, 9]));
    const ks2 = ksTwoSample(
      Float64Array.from({ length: 20 }, (_, i) => i),
      Float64Array.from({ length: 20 }, (_, i) => i + 5.5),
    );
    const w = wasserstein1(Float64Array.from([0, 1, 3]), Float64Array.from([5, 6, 8])).distance;
    const js = jensenShannon([0.1, 0.4, 0.5], [0.3, 0.3, 0.4]);
    const c1 = chi2Contingency([
      [10, 10, 20],
      [20, 20, 20],
    ]);
    const c2 = chi2Contingency([
      [12, 5],
      [7, 9],
    ]);
    const pairs: [number, number | undefined, number][] = [
      [ks1.statistic, s.ks_5x6?.statistic, 0.666667],
      [ks1.pValue, s.ks_5x6?.pValue, 0.108225],
      [ks2.statistic, s.ks_20x20?.statistic, 0.3],
      [ks2.pValue, s.ks_20x20?.pValue, 0.335591],
      [w, s.wasserstein?.value, 5.0],
      [js, s.js?.value, 0.216634],
      [c1.statistic, s.chi2_dof2?.statistic, 2.777778],
      [c1.pValue, s.chi2_dof2?.pValue, 0.249352],
      [c2.statistic, s.chi2_yates?.statistic, 1.455996],
      [c2.pValue, s.chi2_yates?.pValue, 0.227568],
    ];
    for (const [ours, scipy, documented] of pairs) {
      expectClose(ours, scipy as number, 1e-12, "spot vs scipy");
      expect(ours).toBeCloseTo(documented, 6);
    }
    expect(c1.dof).toBe(2);
  });
});
