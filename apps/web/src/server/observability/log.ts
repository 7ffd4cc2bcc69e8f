import "server-only";

/**
 * The web app's server-side log: one JSON line per event on stdout with time, level and event
 * first, like the worker's. For the server's operators only: what a user sees is the route's
 * own response, never these fields.
 */
export type LogLevel = "info" | "warn" | "error";

export function logLine(
  level: LogLevel,
  event: string,
  fields: Record<string, unknown> = {},
  now: Date = new Date(),
): string {
  const { time: _time, level: _level, event: _event, ...rest } = fields;
  return JSON.stringify({ time: now.toISOString(), level, event, ...rest });
}

export function logEvent(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${logLine(level, event, fields)}\n`);
}

const MAX_CAUSES = 3;

/**
 * An unknown thrown value as log fields: `error` (name and message), the messages of up to three
 * causes, and `at`, the first frame of the stack (where it was thrown) — not the whole trace.
 */
export function errorFields(err: unknown): { error: string; causes?: string[]; at?: string } {
  if (!(err instanceof Error)) return { error: String(err) };
  const causes: string[] = [];
  let cause: unknown = err.cause;
  while (cause !== undefined && causes.length < MAX_CAUSES) {
    causes.push(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  const at = err.stack
    ?.split("\n")
    .find((line) => /^\s+at /.test(line))
    ?.trim();
  return { error: `${err.name}: ${err.message}`, ...(causes.length > 0 ? { causes } : {}), ...(at ? { at } : {}) };
}
