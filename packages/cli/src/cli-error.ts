/** Exit code for bad input: usage, unreadable file, unknown column, invalid value. */
export const EXIT_BAD_INPUT = 2;
/** Exit code for a bug or an unexpected failure. */
export const EXIT_UNEXPECTED = 1;

/** An error whose message is meant for the user, printed without a stack trace. */
export class CliError extends Error {
  override name = "CliError";

  constructor(
    message: string,
    readonly exitCode: number = EXIT_BAD_INPUT,
  ) {
    super(message);
  }
}
