import { CliError, EXIT_BAD_INPUT, EXIT_UNEXPECTED } from "./cli-error.ts";
import { evaluateCommand } from "./commands/evaluate.ts";
import { type Io, processIo } from "./io.ts";

export const USAGE = `Usage: fieldtest <command> [options]

Fieldtest: is a model ready for the field?

Commands:
  evaluate <file.csv>   accuracy and roc_auc of binary scores in a CSV file

Run "fieldtest <command> --help" for a command's options.
Exit codes: 0 success, 2 bad input, 1 unexpected error.
`;

const COMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  evaluate: evaluateCommand,
};

/** Runs one CLI invocation and returns its exit code; never calls process.exit. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.err(USAGE);
    return EXIT_BAD_INPUT;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    io.err(`fieldtest: unknown command "${command}"\n\n${USAGE}`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`fieldtest ${command}: ${error.message}\n`);
      return error.exitCode;
    }
    io.err(`fieldtest ${command}: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT_UNEXPECTED;
  }
}
