import type { ParsedValues } from "../options/parse-options.ts";
import { usageError } from "../options/parse-options.ts";

/** The input file: --input <file>, or one positional argument (the older `evaluate <file>` form). */
export function resolveInput(command: string, values: ParsedValues, positionals: string[]): string {
  const flag = typeof values.input === "string" ? values.input : undefined;
  if (positionals.length > 1)
    throw usageError(command, `expected one input file, got ${positionals.length}: ${positionals.join(" ")}`);
  const positional = positionals[0];
  if (flag !== undefined && positional !== undefined) {
    throw usageError(command, `give the input file once: --input ${flag} or ${positional}, not both`);
  }
  const input = flag ?? positional;
  if (input === undefined || input === "") throw usageError(command, "missing --input <file>");
  return input;
}
