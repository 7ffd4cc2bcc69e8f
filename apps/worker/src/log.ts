/** One JSON line per event on stdout, so a log collector (or a test) can read it. */
export type Log = (event: string, fields?: Record<string, unknown>) => void;

export type LogLevel = "debug" | "info" | "warn" | "error";
const LEVELS: ReadonlySet<unknown> = new Set<LogLevel>(["debug", "info", "warn", "error"]);

/**
 * The level of an event, from its name: `*.error`, `*.failed` and `*.gave-up` are errors,
 * `*.retrying` and `*.stalled` warnings, everything else info. A `level` field overrides it.
 */
export function levelOf(event: string): LogLevel {
  if (/\.(error|failed|gave-up)$/.test(event)) return "error";
  if (/\.(retrying|stalled)$/.test(event)) return "warn";
  return "info";
}

/** The line `log` writes: time, level and event first (a field cannot replace them), then the fields. */
export function logLine(event: string, fields: Record<string, unknown> = {}, now: Date = new Date()): string {
  const { level, time: _time, event: _event, ...rest } = fields;
  return JSON.stringify({ time: now.toISOString(), level: LEVELS.has(level) ? level : levelOf(event), event, ...rest });
}

export const log: Log = (event, fields = {}) => {
  process.stdout.write(`${logLine(event, fields)}\n`);
};

/** The message of an unknown thrown value, for logs (never for users): name and message, no stack. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
