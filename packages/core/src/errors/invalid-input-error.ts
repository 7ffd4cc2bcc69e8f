/**
 * Thrown when a caller hands core data it cannot evaluate (length mismatch, NaN score,
 * label that is not 0/1, …). Shells map it to a 4xx / CLI exit code 2: it is the
 * caller's input that is wrong, never a bug in core.
 */
export class InvalidInputError extends Error {
  override name = "InvalidInputError";
}
