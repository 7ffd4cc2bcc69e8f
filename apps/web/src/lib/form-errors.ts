/** A failed submit as the server reports it: errors by input field, or one message. */
export type SubmitErrors = { fields: Record<string, string>; message: string | null };

/** A failed submit as a form shows it: errors under the fields it renders, the rest as one message. */
export type FormErrors<F extends string> = { fields: Partial<Record<F, string>>; message: string | null };

/**
 * Keeps the errors of the fields a form renders and turns every other field error (the server
 * names its input: `modelId`, `metrics.0`, …) into the form-level message, so none vanishes.
 */
export function claimFieldErrors<F extends string>(errors: SubmitErrors, rendered: readonly F[]): FormErrors<F> {
  const fields: Partial<Record<F, string>> = {};
  const unclaimed: string[] = errors.message ? [errors.message] : [];
  for (const [field, message] of Object.entries(errors.fields)) {
    if ((rendered as readonly string[]).includes(field)) fields[field as F] = message;
    else if (!unclaimed.includes(message)) unclaimed.push(message);
  }
  return { fields, message: unclaimed.length > 0 ? unclaimed.join("; ") : null };
}
