import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";
import { regularizedGammaQ } from "../uncertainty/special-functions.ts";

export interface Chi2ContingencyResult {
  /** Pearson's χ² (Yates-corrected when dof = 1). */
  statistic: number;
  pValue: number;
  dof: number;
  /** outer(row sums, column sums)/total, row-major like `observed`. */
  expected: number[][];
}

/**
 * Chi-square test of independence on an r×c table of counts, as scipy 1.10.1
 * `chi2_contingency(observed)` with its defaults (Pearson, `correction=True`;
 * STATISTICS.md §3): expected = outer(row sums, column sums)/total; dof = (r−1)(c−1);
 * dof = 0 → statistic 0, p = 1; Yates' correction only when dof = 1 (each observed count
 * moved toward its expected value by min(½, |e − o|)); p = Q(dof/2, χ²/2).
 * A zero expected count (an all-zero row or column) is refused with InvalidInputError,
 * where scipy raises ValueError.
 */
export function chi2Contingency(observed: readonly (readonly number[])[]): Chi2ContingencyResult {
  const rows = observed.length;
  const cols = observed[0]?.length ?? 0;
  if (rows === 0 || cols === 0) throw new InvalidInputError("chi-square: the table is empty");
  observed.forEach((row, i) => {
    if (row.length !== cols)
      throw new InvalidInputError(`chi-square: row ${i} has ${row.length} cells, row 0 has ${cols}`);
    row.forEach((o, j) => {
      if (!(o >= 0 && o < Number.POSITIVE_INFINITY)) {
        throw new InvalidInputError(`chi-square: cell [${i}, ${j}] is ${o}; counts must be finite and >= 0`);
      }
    });
  });
  const rowSums = observed.map((row) => sum(row));
  const colSums = Array.from({ length: cols }, (_, j) => sum(observed.map((row) => row[j] as number)));
  const total = sum(rowSums);
  const expected = rowSums.map((r) => colSums.map((c) => (r * c) / total));
  expected.forEach((row, i) => {
    row.forEach((e, j) => {
      if (e === 0 || Number.isNaN(e)) {
        throw new InvalidInputError(
          `chi-square: expected count at [${i}, ${j}] is 0 (row ${i} or column ${j} has no observations)`,
        );
      }
    });
  });
  const dof = (rows - 1) * (cols - 1);
  if (dof === 0) return { statistic: 0, pValue: 1, dof, expected };
  const statistic = new NeumaierSum();
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let o = (observed[i] as readonly number[])[j] as number;
      const e = (expected[i] as number[])[j] as number;
      if (dof === 1) {
        // Yates: toward e by at most ½, never past it (scipy gh-13875).
        const difference = e - o;
        o += Math.sign(difference) * Math.min(0.5, Math.abs(difference));
      }
      statistic.add((o - e) ** 2 / e);
    }
  }
  const chi2 = statistic.value();
  return { statistic: chi2, pValue: regularizedGammaQ(dof / 2, chi2 / 2), dof, expected };
}

function sum(values: readonly number[]): number {
  const acc = new NeumaierSum();
  for (const v of values) acc.add(v);
  return acc.value();
}
