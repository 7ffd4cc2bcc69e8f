import { z } from "zod";
import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { gradientBoostingParamsSchema, logisticRegressionParamsSchema } from "./builtin-model-spec.ts";
import { MAX_CATEGORIES } from "./feature-encoder.ts";

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const nodeIndex = z.int().min(-1);

const encodedFeatureSchema = z.discriminatedUnion("type", [
  z.strictObject({
    name: z.string().min(1),
    type: z.enum(["number", "boolean", "timestamp"]),
    mean: finite,
    scale: finite.refine((s) => s > 0, "must be positive"),
    missingIndicator: z.boolean(),
  }),
  z.strictObject({
    name: z.string().min(1),
    type: z.literal("string"),
    categories: z.array(z.string().nullable()).max(MAX_CATEGORIES),
  }),
]);

const encoderSchema = z.strictObject({ features: z.array(encodedFeatureSchema), columns: z.array(z.string()) });

const treeSchema = z
  .strictObject({
    feature: z.array(nodeIndex),
    threshold: z.array(finite),
    left: z.array(nodeIndex),
    right: z.array(nodeIndex),
    value: z.array(finite),
  })
  .refine(
    (t) =>
      t.feature.length > 0 &&
      [t.threshold, t.left, t.right, t.value].every((a) => a.length === t.feature.length) &&
      // Children come after their parent, so prediction always terminates.
      t.feature.every(
        (f, node) =>
          f < 0 ||
          ((t.left[node] as number) > node &&
            (t.right[node] as number) > node &&
            (t.left[node] as number) < t.feature.length &&
            (t.right[node] as number) < t.feature.length),
      ),
    "a tree's arrays must have one entry per node, and children must follow their parent",
  );

/** A trained builtin model as stored (JSON): the spec's resolved params, the encoder and the fitted parameters. */
export const trainedBuiltinModelSchema = z
  .discriminatedUnion("algorithm", [
    z.strictObject({
      formatVersion: z.literal(1),
      algorithm: z.literal("logistic_regression"),
      params: logisticRegressionParamsSchema.required(),
      encoder: encoderSchema,
      intercept: finite,
      /** One per encoded column. */
      coefficients: z.array(finite),
      fit: z.strictObject({ iterations: z.int(), converged: z.boolean(), objective: finite, gradientMaxAbs: finite }),
    }),
    z.strictObject({
      formatVersion: z.literal(1),
      algorithm: z.literal("gradient_boosting"),
      params: gradientBoostingParamsSchema.required(),
      seed: z.int(),
      encoder: encoderSchema,
      baseline: finite,
      trees: z.array(treeSchema),
      /** Mean train log loss before the first tree and after each tree. */
      trainLoss: z.array(finite),
    }),
  ])
  .superRefine((model, ctx) => {
    const width = model.encoder.columns.length;
    if (model.algorithm === "logistic_regression" && model.coefficients.length !== width) {
      ctx.addIssue({
        code: "custom",
        path: ["coefficients"],
        message: `must have one entry per encoded column (${width})`,
      });
    }
    if (model.algorithm === "gradient_boosting" && model.trees.some((t) => t.feature.some((f) => f >= width))) {
      ctx.addIssue({
        code: "custom",
        path: ["trees"],
        message: `a split uses a feature beyond the ${width} encoded columns`,
      });
    }
  });

export type TrainedBuiltinModel = z.output<typeof trainedBuiltinModelSchema>;

/** A stored model read back (e.g. from a run's JSON column); anything malformed is an InvalidInputError. */
export function parseTrainedBuiltinModel(json: unknown): TrainedBuiltinModel {
  const parsed = trainedBuiltinModelSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "model"}: ${i.message}`)
    .join("; ");
  throw new InvalidInputError(`The stored builtin model is not valid (${problems})`);
}
