import { InvalidInputError } from "../errors/invalid-input-error.ts";
import type { Rng } from "../random/create-rng.ts";
import { seedToUint64 } from "../random/splitmix64.ts";
import {
  categoricalMissing,
  categorySwap,
  gaussianNoise,
  numericMissing,
  type PerturbedColumn,
  presentStd,
  shift,
} from "./perturb-column.ts";
import { perturbationRng } from "./perturbation-rng.ts";
import { type PerturbationKind, type PerturbationSpec, perturbationSpecListSchema } from "./perturbation-spec.ts";

/** A model's input columns: numeric (NaN = missing) and categorical (null = missing). */
export interface FeatureColumns {
  numeric?: Record<string, Float64Array>;
  categorical?: Record<string, readonly (string | null)[]>;
}

export interface PerturbedFeatures {
  numeric: Record<string, Float64Array>;
  categorical: Record<string, readonly (string | null)[]>;
}

/** What one step did to one column. */
export interface PerturbationChange {
  /** Index of the perturbation in the list. */
  step: number;
  kind: PerturbationKind;
  column: string;
  /** Present (non-missing) cells before the step. */
  present: number;
  /** Cells whose value changed. */
  changed: number;
  /** σ the step scaled by (gaussian_noise, shift add_std): population std of present values. */
  std?: number;
}

export interface PerturbationResult {
  /** Perturbed columns are new arrays; untouched ones are the caller's own arrays. */
  features: PerturbedFeatures;
  changes: PerturbationChange[];
}

export interface ApplyPerturbationsOptions {
  /** Validated against perturbationSpecListSchema (InvalidInputError naming the field). */
  perturbations: readonly PerturbationSpec[];
  features: FeatureColumns;
  seed: number | bigint;
}

/**
 * Applies stress perturbations in order, each to the previous step's output, and returns new
 * columns; the inputs are never modified. Deterministic: column c in step i draws from
 * perturbationRng(seed, i, c) only, in row order, so the result depends on (seed, specs,
 * columns) and not on object key order or which other columns are perturbed.
 *
 * Columns: a spec's `columns`, or when omitted every numeric column (gaussian_noise,
 * shift), every categorical one (category_swap) or all (missing_values). Errors
 * (InvalidInputError): an unknown column, a column of the wrong type for the perturbation,
 * no column to perturb, a name that is both numeric and categorical, columns of different
 * lengths, infinite numbers where σ is needed, a swap on fewer than 2 categories.
 */
export function applyPerturbations(opts: ApplyPerturbationsOptions): PerturbationResult {
  seedToUint64(opts.seed); // refuses a bad seed before any work, even when nothing draws
  const specs = parseSpecs(opts.perturbations);
  const features = checkFeatures(opts.features);
  const changes: PerturbationChange[] = [];
  specs.forEach((spec, step) => {
    for (const column of selectColumns(spec, features, step)) {
      const rng = () => perturbationRng(opts.seed, step, column);
      const numeric = features.numeric[column];
      if (numeric !== undefined) {
        const { values, changed, std } = perturbNumeric(spec, numeric, column, rng);
        features.numeric[column] = values;
        const present = countPresent(numeric);
        changes.push({ step, kind: spec.kind, column, present, changed, ...(std === undefined ? {} : { std }) });
        continue;
      }
      const categorical = features.categorical[column] as readonly (string | null)[];
      const present = checkCategorical(categorical, column);
      const { values, changed } = perturbCategorical(spec, categorical, column, rng);
      features.categorical[column] = values;
      changes.push({ step, kind: spec.kind, column, present, changed });
    }
  });
  return { features, changes };
}

/** One perturbation; the same as applyPerturbations with a list of one. */
export function applyPerturbation(opts: {
  perturbation: PerturbationSpec;
  features: FeatureColumns;
  seed: number | bigint;
}): PerturbationResult {
  return applyPerturbations({ perturbations: [opts.perturbation], features: opts.features, seed: opts.seed });
}

function perturbNumeric(
  spec: PerturbationSpec,
  column: Float64Array,
  name: string,
  rng: () => Rng,
): PerturbedColumn<Float64Array> & { std?: number } {
  switch (spec.kind) {
    case "missing_values":
      return numericMissing(column, spec.rate, rng());
    case "gaussian_noise": {
      const std = presentStd(column, name);
      return { ...gaussianNoise(column, spec.factor, std, rng()), std };
    }
    case "shift": {
      const std = presentStd(column, name); // also refuses ±Infinity for multiply
      const out = shift(column, spec.operation, spec.amount, std);
      return spec.operation === "add_std" ? { ...out, std } : out;
    }
    default:
      throw new InvalidInputError(`${spec.kind} does not apply to numeric column "${name}"`);
  }
}

function perturbCategorical(
  spec: PerturbationSpec,
  column: readonly (string | null)[],
  name: string,
  rng: () => Rng,
): PerturbedColumn<(string | null)[]> {
  switch (spec.kind) {
    case "missing_values":
      return categoricalMissing(column, spec.rate, rng());
    case "category_swap":
      return categorySwap(column, spec.rate, rng(), name);
    default:
      throw new InvalidInputError(`${spec.kind} does not apply to categorical column "${name}"`);
  }
}

function parseSpecs(perturbations: readonly PerturbationSpec[]): PerturbationSpec[] {
  const parsed = perturbationSpecListSchema.safeParse(perturbations);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    return `perturbations${path}: ${issue.message}`;
  });
  throw new InvalidInputError(problems.join("; "));
}

/** Shallow copies of the records (the arrays themselves are replaced, never written). */
function checkFeatures(input: FeatureColumns): PerturbedFeatures {
  const numeric = { ...(input?.numeric ?? {}) };
  const categorical = { ...(input?.categorical ?? {}) };
  let length = -1;
  let first = "";
  const sameLength = (name: string, n: number) => {
    if (length === -1) {
      length = n;
      first = name;
    } else if (n !== length) {
      throw new InvalidInputError(`column "${name}" has ${n} rows, column "${first}" has ${length}`);
    }
  };
  for (const [name, column] of Object.entries(numeric)) {
    if (!(column instanceof Float64Array))
      throw new InvalidInputError(`numeric column "${name}" must be a Float64Array`);
    sameLength(name, column.length);
  }
  for (const [name, column] of Object.entries(categorical)) {
    if (!Array.isArray(column)) throw new InvalidInputError(`categorical column "${name}" must be an array`);
    if (Object.hasOwn(numeric, name)) {
      throw new InvalidInputError(`column "${name}" is both numeric and categorical`);
    }
    sameLength(name, column.length);
  }
  return { numeric, categorical };
}

const APPLIES_TO: Record<PerturbationKind, "numeric" | "categorical" | "both"> = {
  gaussian_noise: "numeric",
  shift: "numeric",
  category_swap: "categorical",
  missing_values: "both",
};

function selectColumns(spec: PerturbationSpec, features: PerturbedFeatures, step: number): string[] {
  const target = APPLIES_TO[spec.kind];
  const where = `perturbations[${step}] (${spec.kind})`;
  if (spec.columns === undefined) {
    const names = [
      ...(target === "categorical" ? [] : Object.keys(features.numeric)),
      ...(target === "numeric" ? [] : Object.keys(features.categorical)),
    ];
    if (names.length === 0) {
      throw new InvalidInputError(`${where}: there is no ${target === "both" ? "" : `${target} `}column to perturb`);
    }
    return names;
  }
  for (const name of spec.columns) {
    const isNumeric = Object.hasOwn(features.numeric, name);
    const isCategorical = Object.hasOwn(features.categorical, name);
    if (!isNumeric && !isCategorical) throw new InvalidInputError(`${where}: unknown column "${name}"`);
    if (target !== "both" && (target === "numeric") !== isNumeric) {
      throw new InvalidInputError(
        `${where}: column "${name}" is ${isNumeric ? "numeric" : "categorical"}; ${spec.kind} applies to ${target} columns`,
      );
    }
  }
  return spec.columns;
}

function countPresent(column: Float64Array): number {
  let present = 0;
  for (let i = 0; i < column.length; i++) if (!Number.isNaN(column[i] as number)) present++;
  return present;
}

/** Refuses values that are neither strings nor null; returns the count of present ones. */
function checkCategorical(column: readonly (string | null)[], name: string): number {
  let present = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null) continue;
    if (typeof v !== "string") {
      throw new InvalidInputError(
        `categorical column "${name}": ${name}[${i}] must be a string or null, got ${String(v)}`,
      );
    }
    present++;
  }
  return present;
}
