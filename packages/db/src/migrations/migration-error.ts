/** A refusal or disagreement the CLI reports as a message and exit code 1, without a stack trace. */
export class MigrationError extends Error {
  override name = "MigrationError";
}
