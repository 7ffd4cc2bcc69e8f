import { z } from "zod";

/** Column names to perturb; omitted = every column the perturbation applies to. */
const columns = z
  .array(z.string().min(1))
  .min(1)
  .refine((names) => new Set(names).size === names.length, { message: "columns must not repeat a name" })
  .optional();
const rate = z.number().min(0).max(1);

/** Adds N(0, (factor·σ)²) to every present value, σ = the column's standard deviation. */
export const gaussianNoiseSpecSchema = z.strictObject({
  kind: z.literal("gaussian_noise"),
  columns,
  factor: z.number().min(0),
});

/** Makes each present value missing (NaN / null) with probability `rate`. */
export const missingValuesSpecSchema = z.strictObject({
  kind: z.literal("missing_values"),
  columns,
  rate,
});

/** Replaces each present category, with probability `rate`, by a different observed one. */
export const categorySwapSpecSchema = z.strictObject({
  kind: z.literal("category_swap"),
  columns,
  rate,
});

/** Moves a numeric distribution: x + amount·σ (`add_std`) or x·amount (`multiply`). */
export const shiftSpecSchema = z.strictObject({
  kind: z.literal("shift"),
  columns,
  operation: z.enum(["add_std", "multiply"]),
  amount: z.number(),
});

/**
 * One stress perturbation of a model's inputs: small, serialisable, validated the same way
 * by web, worker and core. The seed is not part of it: it comes from the run, like a
 * split's seed. Numbers must be finite (zod 4 refuses NaN and ±Infinity); unknown keys are
 * refused so a misspelt field cannot silently do nothing.
 */
export const perturbationSpecSchema = z.discriminatedUnion("kind", [
  gaussianNoiseSpecSchema,
  missingValuesSpecSchema,
  categorySwapSpecSchema,
  shiftSpecSchema,
]);
export type PerturbationSpec = z.infer<typeof perturbationSpecSchema>;
export type PerturbationKind = PerturbationSpec["kind"];

/** Perturbations applied one after another (a stress scenario). */
export const perturbationSpecListSchema = z.array(perturbationSpecSchema).min(1);
