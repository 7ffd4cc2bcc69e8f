import { z } from "zod";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { strictObject } from "../schemas/strict-object.ts";
import { MAX_BINS } from "./bin-features.ts";
import { MAX_CATEGORIES } from "./feature-encoder.ts";

export const BUILTIN_ALGORITHMS = ["logistic_regression", "gradient_boosting"] as const;
export type BuiltinAlgorithm = (typeof BUILTIN_ALGORITHMS)[number];

/** sklearn's `LogisticRegression()` defaults (C = 1), on the encoded features. */
export const LOGISTIC_REGRESSION_DEFAULTS = { c: 1, maxIterations: 100, maxCategories: MAX_CATEGORIES } as const;

/** sklearn's `HistGradientBoostingClassifier` defaults, except max_depth 3 (sklearn: none, 31 leaves). */
export const GRADIENT_BOOSTING_DEFAULTS = {
  maxIterations: 100,
  learningRate: 0.1,
  maxDepth: 3,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  maxBins: MAX_BINS,
  maxCategories: MAX_CATEGORIES,
} as const;

const int = (what: string, min: number, max: number) =>
  z
    .int({ error: `${what} must be a whole number between ${min} and ${max}` })
    .min(min, `${what} must be between ${min} and ${max}`)
    .max(max, `${what} must be between ${min} and ${max}`);

const maxCategories = int("maxCategories", 1, MAX_CATEGORIES).optional();

export const logisticRegressionParamsSchema = strictObject(
  {
    /** Inverse L2 strength, as sklearn's C. */
    c: z
      .number({ error: "c must be a number" })
      .min(1e-6, "c must be between 1e-6 and 1e6")
      .max(1e6, "c must be between 1e-6 and 1e6")
      .optional(),
    /** Newton iterations (a fit needs ~10). */
    maxIterations: int("maxIterations", 1, 1000).optional(),
    maxCategories,
  },
  "logistic_regression params",
);

export const gradientBoostingParamsSchema = strictObject(
  {
    maxIterations: int("maxIterations", 1, 1000).optional(),
    learningRate: z
      .number({ error: "learningRate must be a number" })
      .gt(0, "learningRate must be greater than 0 and at most 1")
      .max(1, "learningRate must be greater than 0 and at most 1")
      .optional(),
    maxDepth: int("maxDepth", 1, 10).optional(),
    minSamplesLeaf: int("minSamplesLeaf", 1, 100_000).optional(),
    l2Regularization: z
      .number({ error: "l2Regularization must be a number" })
      .min(0, "l2Regularization must be between 0 and 1e6")
      .max(1e6, "l2Regularization must be between 0 and 1e6")
      .optional(),
    maxBins: int("maxBins", 2, MAX_BINS).optional(),
    maxCategories,
  },
  "gradient_boosting params",
);

/** Which builtin baseline to train on a benchmark's train split, and how. */
export const builtinModelSpecSchema = z.discriminatedUnion(
  "algorithm",
  [
    strictObject(
      { algorithm: z.literal("logistic_regression"), params: logisticRegressionParamsSchema.optional() },
      "builtin model",
    ),
    strictObject(
      { algorithm: z.literal("gradient_boosting"), params: gradientBoostingParamsSchema.optional() },
      "builtin model",
    ),
  ],
  { error: `algorithm must be one of ${BUILTIN_ALGORITHMS.join(", ")}` },
);

export type BuiltinModelSpec = z.output<typeof builtinModelSpecSchema>;
export type LogisticRegressionParams = Required<z.output<typeof logisticRegressionParamsSchema>>;
export type GradientBoostingBuiltinParams = Required<z.output<typeof gradientBoostingParamsSchema>>;

/** The spec checked again (core is also called directly), as an InvalidInputError naming every bad field. */
export function parseBuiltinModelSpec(spec: unknown): BuiltinModelSpec {
  const parsed = builtinModelSpecSchema.safeParse(spec);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "spec"}: ${i.message}`).join("; ");
  throw new InvalidInputError(`The builtin model spec is not valid (${problems})`);
}
