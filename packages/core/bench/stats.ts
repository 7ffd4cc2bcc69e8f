// Pure helpers of the bench: medians, verdicts and the formatting of figures.

export type Verdict = "PASS" | "FAIL" | "info" | "skipped";

/** Median of a non-empty sample (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty sample");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** PASS when ratio ≤ target; "info" for a row without a target. */
export function verdict(ratio: number, target: number | null): Verdict {
  if (target === null) return "info";
  return ratio <= target ? "PASS" : "FAIL";
}

/** "0.43×": two significant decimals below 10, one above, so small ratios stay readable. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return "—";
  if (ratio < 0.01) return `${ratio.toFixed(4)}×`;
  if (ratio < 0.1) return `${ratio.toFixed(3)}×`;
  if (ratio < 10) return `${ratio.toFixed(2)}×`;
  return `${ratio.toFixed(1)}×`;
}

/** "≤ 0.60×", or "—" for an informational row. */
export function formatTarget(target: number | null): string {
  return target === null ? "—" : `≤ ${target.toFixed(2)}×`;
}

/** Seconds with a unit that keeps three significant digits: "812 µs", "45.3 ms", "2.41 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 1e-3) return `${(seconds * 1e6).toPrecision(3)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toPrecision(3)} ms`;
  return `${seconds.toPrecision(3)} s`;
}

/** Bytes in MiB, one decimal: "152.6 MiB". */
export function formatBytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** "10^7", "2·10^5", or the plain integer when it is not a round power-of-ten multiple. */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  const exponent = Math.floor(Math.log10(n));
  const mantissa = n / 10 ** exponent;
  if (mantissa === 1) return `10^${exponent}`;
  if (Number.isInteger(mantissa)) return `${mantissa}·10^${exponent}`;
  return n.toLocaleString("en-US");
}

/** Relative difference |a − b| / max(|a|, |b|), 0 when both are 0. */
export function relativeDifference(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}
