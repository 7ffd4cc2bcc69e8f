import { CliError, EXIT_BAD_INPUT, EXIT_UNEXPECTED } from "./cli-error.ts";
import { type Io, processIo } from "./io.ts";

export const USAGE = `Usage: fieldtest <command> [options]

Fieldtest: is a model ready for the field?

Commands:
  evaluate    metrics of a binary, multiclass or regression model, with bootstrap intervals
  compare     two binary models on the same rows: differences, paired intervals, p-values
  threshold   the cost-optimal threshold for given costs of false positives and negatives
  drift       how each column of current data differs from reference data (KS, PSI, JS, chi-square)
  gate        CI deploy gate: judge a benchmark run of a version against the readiness policy (REST API)
  keys        mint a team API key on the server (operators; uses DATABASE_URL)
  audit       verify the teams' tamper-evident audit logs (operators; uses DATABASE_URL)

Input: CSV, JSON Lines or Parquet (ZSTD included), read streaming; paths are relative
to the directory you run the command in. --json prints one JSON document on stdout;
progress and errors go to stderr.

Run "fieldtest <command> --help" for a command's options.
Exit codes: 0 success, 2 bad input, 1 unexpected error (or a feature not available yet);
gate: 0 ready, 1 not ready, 2 usage or input error, 3 insufficient evidence or server unreachable.
`;

type Command = (argv: string[], io: Io) => Promise<number>;

// Loaded on demand, so `fieldtest --help` does not load core, the readers and hyparquet.
const COMMANDS: Record<string, () => Promise<Command>> = {
  evaluate: async () => (await import("./commands/evaluate.ts")).evaluateCommand,
  compare: async () => (await import("./commands/compare.ts")).compareCommand,
  threshold: async () => (await import("./commands/threshold.ts")).thresholdCommand,
  drift: async () => (await import("./commands/drift.ts")).driftCommand,
  gate: async () => (await import("./commands/gate.ts")).gateCommand,
  keys: async () => (await import("./commands/keys.ts")).keysCommand,
  audit: async () => (await import("./commands/audit.ts")).auditCommand,
};

/** Runs one CLI invocation and returns its exit code; never calls process.exit. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.err(USAGE);
    return EXIT_BAD_INPUT;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (load === undefined) {
    io.err(`fieldtest: unknown command "${command}"\n\n${USAGE}`);
    return EXIT_BAD_INPUT;
  }
  try {
    const run = await load();
    return await run(rest, io);
  } catch (error) {
    // A progress or status line may be half drawn on a terminal: start the message on a clean line.
    if (io.errIsTty) io.err("\r\x1b[K");
    if (error instanceof CliError) {
      io.err(`fieldtest ${command}: ${error.message}\n`);
      return error.exitCode;
    }
    // Core refuses data it cannot evaluate: the input's fault, not a bug.
    const { InvalidInputError } = await import("@fieldtest/core");
    if (error instanceof InvalidInputError) {
      // Core counts rows from 0 in its arrays; the readers keep every row in file order, so core's row i is data row i + 1.
      const message = error.message.replace(/\bat row (\d+)\b/g, (_, row: string) => `at data row ${Number(row) + 1}`);
      io.err(`fieldtest ${command}: invalid input: ${message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.err(`fieldtest ${command}: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT_UNEXPECTED;
  }
}
