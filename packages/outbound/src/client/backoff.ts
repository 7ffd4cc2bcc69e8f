export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** Upper bound of any computed delay. */
  maxMs: number;
  /** The longest Retry-After the client honours; a longer one is cut to this. */
  maxRetryAfterMs: number;
}

/**
 * Milliseconds a Retry-After header asks for: delta-seconds or an HTTP date, relative to `nowMs`.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined; // an HTTP date has a weekday and month name
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * The wait before retry number `retry` (1 for the first retry): the server's Retry-After within the
 * cap when it sent one, otherwise exponential backoff with full jitter, uniform in
 * [0, min(maxMs, baseMs·2^(retry−1))] — jitter keeps many clients from retrying in lockstep.
 */
export function retryDelayMs(input: {
  retry: number;
  retryAfterMs?: number;
  options: BackoffOptions;
  random: () => number;
}): number {
  const { retry, retryAfterMs, options, random } = input;
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxRetryAfterMs);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}
