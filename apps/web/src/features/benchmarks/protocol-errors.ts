import { fieldErrorsOf } from "~/trpc/react";

/** The input fields a failed call named (the error formatter's `data.fieldErrors` / `data.field`). */
function namedFields(error: unknown): string[] {
  const data = (error as { data?: { field?: string | null; fieldErrors?: Record<string, string> | null } } | null)
    ?.data;
  if (data?.fieldErrors) return Object.keys(data.fieldErrors);
  return data?.field ? [data.field] : [];
}

/**
 * Errors of a benchmark form: by field (`split.cutoff`, `metrics.3`, `stress.0.perturbations.1.columns.0`…)
 * for the fields the form shows, the rest as one form-level message, so none vanishes.
 * `shown(field)` says whether the form has a place for a field.
 */
export function benchmarkFormErrors(error: unknown, shown: (field: string) => boolean) {
  return fieldErrorsOf(error, namedFields(error).filter(shown)) as {
    fields: Record<string, string | undefined>;
    message: string | null;
  };
}

/** The errors of a group: the field itself and everything under it (`metrics`, `metrics.0`, …), joined. */
export function groupError(fields: Record<string, string | undefined>, prefix: string): string | undefined {
  const messages = Object.entries(fields)
    .filter(([field, message]) => message && (field === prefix || field.startsWith(`${prefix}.`)))
    .map(([, message]) => message as string);
  return messages.length > 0 ? [...new Set(messages)].join("; ") : undefined;
}
