import { z } from "zod";

/**
 * `z.strictObject` whose unknown-key error names the keys and lists the known ones, so a
 * misspelt field is refused with a message a person can act on, never silently ignored.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S, what: string) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} in ${what}; known: ${Object.keys(shape).join(", ")}`
        : undefined,
  });
}
