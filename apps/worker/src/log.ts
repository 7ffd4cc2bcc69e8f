/** One JSON line per event on stdout, so a log collector (or a test) can read it. */
export type Log = (event: string, fields?: Record<string, unknown>) => void;

export const log: Log = (event, fields = {}) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
};

/** The message of an unknown thrown value, for logs (never for users). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
