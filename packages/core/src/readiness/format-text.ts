import type { GateComparator } from "./gate-metric.ts";

/**
 * Number formatting for gate descriptions and reasons: deterministic (no locale), three
 * significant digits, at least two decimals below 10 ("0.80"), integers grouped ("5,000"),
 * Unicode minus. Given `distinctFrom`, digits are added until the number no longer reads
 * like that one, so a reason never says "0.80 is below 0.80".
 */
const MINUS = "\u2212";
const MAX_DECIMALS = 17;

export interface FormatNumberOptions {
  distinctFrom?: number;
  /** Fewest decimals kept after trimming trailing zeros; default 2 below 10, else 0. */
  minDecimals?: number;
}

export function formatNumber(x: number, options: FormatNumberOptions = {}): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : `${x < 0 ? MINUS : ""}∞`;
  const { distinctFrom } = options;
  let decimals = significantDecimals(x);
  let text = render(x, decimals, options.minDecimals);
  if (distinctFrom === undefined || distinctFrom === x || !Number.isFinite(distinctFrom)) return text;
  const other = formatNumber(distinctFrom, { minDecimals: options.minDecimals });
  while (text === other && decimals < MAX_DECIMALS) {
    decimals++;
    text = render(x, decimals, options.minDecimals);
  }
  return text;
}

/** A share as a percentage: 0.95 → "95%", 0.995 → "99.5%". */
export function formatPercent(fraction: number, distinctFrom?: number): string {
  const options: FormatNumberOptions = { minDecimals: 0 };
  if (distinctFrom !== undefined) options.distinctFrom = distinctFrom * 100;
  return `${formatNumber(fraction * 100, options)}%`;
}

export function formatInterval(interval: readonly [number, number], distinctFrom?: number): string {
  const options: FormatNumberOptions = distinctFrom === undefined ? {} : { distinctFrom };
  return `[${formatNumber(interval[0], options)}, ${formatNumber(interval[1], options)}]`;
}

/** 168 → "7 days", 36 → "36 hours", 1 → "1 hour". */
export function formatHours(hours: number): string {
  if (hours >= 24 && hours % 24 === 0) return plural(hours / 24, "day");
  if (hours >= 48) return `${formatNumber(hours / 24, { minDecimals: 0 })} days`;
  return plural(hours, "hour");
}

export function comparatorSymbol(comparator: GateComparator): "≥" | "≤" {
  return comparator === ">=" ? "≥" : "≤";
}

export function plural(count: number, noun: string): string {
  return `${formatNumber(count, { minDecimals: 0 })} ${count === 1 ? noun : `${noun}s`}`;
}

function significantDecimals(x: number): number {
  if (Number.isInteger(x)) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  return Math.min(MAX_DECIMALS, Math.max(0, 2 - magnitude));
}

function render(x: number, decimals: number, minDecimals?: number): string {
  const floor = Number.isInteger(x) ? 0 : (minDecimals ?? (Math.abs(x) < 10 ? 2 : 0));
  const fixed = Math.abs(x).toFixed(Math.max(decimals, floor));
  const [whole = "0", fraction = ""] = fixed.split(".");
  let kept = fraction.replace(/0+$/, "");
  if (kept.length < floor) kept = fraction.slice(0, floor);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const body = kept.length > 0 ? `${grouped}.${kept}` : grouped;
  const isZero = /^[0,.]*$/.test(body);
  return x < 0 && !isZero ? `${MINUS}${body}` : body;
}
