import { callerCwd } from "./env.ts";

/** Where a command writes and where it resolves paths; main() passes the process's, tests may pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal: progress bars are drawn only then. */
  errIsTty: boolean;
  /** Directory that relative input paths are resolved against. */
  cwd: string;
}

export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    errIsTty: process.stderr.isTTY === true,
    cwd: callerCwd(),
  };
}
