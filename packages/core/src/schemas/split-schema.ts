import { z } from "zod";
import { InvalidInputError } from "../errors/invalid-input-error.ts";

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

/**
 * A temporal cutoff: an ISO 8601 date ("2024-01-31", meaning midnight UTC) or a date-time
 * with a time zone ("2024-01-31T12:00:00Z", "…+02:00"). Local times without a zone are
 * refused: the same benchmark must cut at the same instant on every machine.
 */
export const isoCutoffSchema = z
  .string()
  .refine((s) => isoDate.safeParse(s).success || isoDateTime.safeParse(s).success, {
    message: 'must be an ISO 8601 date ("2024-01-31") or date-time with a time zone ("2024-01-31T00:00:00Z")',
  });

export const randomSplitSchema = z.object({
  kind: z.literal("random"),
  /** Share of rows in the test set; the seed comes from the benchmark / run. */
  testFraction: z.number().gt(0).lt(1),
});

export const temporalSplitSchema = z.object({
  kind: z.literal("temporal"),
  /** Rows with timestamp >= cutoff are the test set. */
  cutoff: isoCutoffSchema,
});

/** How a benchmark divides its dataset version into train and test rows. */
export const splitSchema = z.discriminatedUnion("kind", [randomSplitSchema, temporalSplitSchema]);
export type Split = z.infer<typeof splitSchema>;

/** Epoch milliseconds of a cutoff accepted by `isoCutoffSchema` (date-only → midnight UTC). */
export function cutoffToEpochMs(cutoff: string): number {
  const ms = Date.parse(cutoff);
  if (!isoCutoffSchema.safeParse(cutoff).success || Number.isNaN(ms)) {
    throw new InvalidInputError(`cutoff "${cutoff}" is not an ISO 8601 date or date-time with a time zone`);
  }
  return ms;
}
