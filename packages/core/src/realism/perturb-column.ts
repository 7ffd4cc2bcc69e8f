import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";
import type { Rng } from "../random/create-rng.ts";
import { uniformInt } from "../random/uniform-int.ts";
import { standardNormalSource } from "./perturbation-rng.ts";

/** A perturbed column and how many of its cells changed. */
export interface PerturbedColumn<T> {
  values: T;
  changed: number;
}

/**
 * Population standard deviation (ddof = 0, numpy's default) of the present (non-NaN)
 * values, two-pass with compensated sums; 0 when fewer than one value is present.
 * Infinite values are refused: they have no spread to scale by.
 */
export function presentStd(column: Float64Array, name: string): number {
  const mean = new NeumaierSum();
  let present = 0;
  let infinite = 0;
  let firstInfinite = -1;
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    if (Number.isNaN(x)) continue;
    if (!Number.isFinite(x)) {
      if (infinite++ === 0) firstInfinite = i;
      continue;
    }
    mean.add(x);
    present++;
  }
  if (infinite > 0) {
    throw new InvalidInputError(
      `column "${name}": values must be finite or NaN (missing): ${infinite} infinite, first ${name}[${firstInfinite}] = ${column[firstInfinite]}`,
    );
  }
  if (present === 0) return 0;
  const mu = mean.value() / present;
  const squares = new NeumaierSum();
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    if (!Number.isNaN(x)) squares.add((x - mu) * (x - mu));
  }
  return Math.sqrt(squares.value() / present);
}

/** x + factor·σ·z per row (one normal draw per row, missing or not); NaN stays NaN. */
export function gaussianNoise(
  column: Float64Array,
  factor: number,
  std: number,
  rng: Rng,
): PerturbedColumn<Float64Array> {
  const normal = standardNormalSource(rng);
  const scale = factor * std;
  const values = new Float64Array(column.length);
  let changed = 0;
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    const next = x + scale * normal();
    values[i] = next;
    if (next !== x && !Number.isNaN(x)) changed++;
  }
  return { values, changed };
}

/** One uniform u per row; a present value with u < rate becomes NaN. */
export function numericMissing(column: Float64Array, rate: number, rng: Rng): PerturbedColumn<Float64Array> {
  const values = Float64Array.from(column);
  let changed = 0;
  for (let i = 0; i < column.length; i++) {
    if (rng.nextFloat() < rate && !Number.isNaN(values[i] as number)) {
      values[i] = Number.NaN;
      changed++;
    }
  }
  return { values, changed };
}

/** One uniform u per row; a present value with u < rate becomes null. */
export function categoricalMissing(
  column: readonly (string | null)[],
  rate: number,
  rng: Rng,
): PerturbedColumn<(string | null)[]> {
  const values = column.slice();
  let changed = 0;
  for (let i = 0; i < values.length; i++) {
    if (rng.nextFloat() < rate && values[i] !== null) {
      values[i] = null;
      changed++;
    }
  }
  return { values, changed };
}

/**
 * Category swap. The observed categories C (distinct present values, sorted by code unit);
 * per row one uniform u; a present value v with u < rate is replaced by the j-th of C
 * without v, j = uniformInt(rng, |C| − 1) — uniform over the other observed categories.
 * Missing values stay missing and draw only u.
 */
export function categorySwap(
  column: readonly (string | null)[],
  rate: number,
  rng: Rng,
  name: string,
): PerturbedColumn<(string | null)[]> {
  const categories = [...new Set(column.filter((v): v is string => v !== null))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  if (categories.length < 2 && rate > 0) {
    throw new InvalidInputError(
      `category_swap: column "${name}" has ${categories.length} observed ${categories.length === 1 ? "category" : "categories"}; a swap needs at least 2`,
    );
  }
  const index = new Map(categories.map((c, k) => [c, k]));
  const values = column.slice();
  let changed = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (rng.nextFloat() >= rate || v === null || v === undefined) continue;
    const own = index.get(v) as number;
    const j = uniformInt(rng, categories.length - 1);
    values[i] = categories[j < own ? j : j + 1] as string;
    changed++;
  }
  return { values, changed };
}

/** x + amount·σ (`add_std`) or x·amount (`multiply`); NaN stays NaN; no randomness. */
export function shift(
  column: Float64Array,
  operation: "add_std" | "multiply",
  amount: number,
  std: number,
): PerturbedColumn<Float64Array> {
  const values = new Float64Array(column.length);
  const offset = amount * std;
  let changed = 0;
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    const next = operation === "add_std" ? x + offset : x * amount;
    values[i] = next;
    if (next !== x && !Number.isNaN(x)) changed++;
  }
  return { values, changed };
}
