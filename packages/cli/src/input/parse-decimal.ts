/**
 * Strict decimal number as written in a CSV cell: optional sign, digits with an optional
 * fraction, optional exponent. Returns NaN for anything else ("", "NaN", "inf", "0x10",
 * "1,5", "1.2.3") and for values that overflow to ±Infinity, so a caller needs one check.
 * Surrounding spaces are allowed.
 *
 * Short values (≤ 15 significant digits, the common case for scores) are computed exactly
 * by hand: an integer below 2^53 divided by an exact power of ten is correctly rounded
 * (Clinger's fast path), the same double `Number()` returns. Longer ones go to `Number()`.
 */
export function parseDecimal(text: string): number {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === SPACE) start++;
  while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
  if (start === end) return Number.NaN;

  let i = start;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    i++;
  }
  let mantissa = 0;
  let digits = 0; // significant digits seen (leading zeros excluded)
  let fractionDigits = 0;
  let anyDigit = false;
  let dot = false;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      anyDigit = true;
      if (digits > 0 || c !== ZERO) digits++;
      mantissa = mantissa * 10 + (c - ZERO);
      if (dot) fractionDigits++;
    } else if (c === DOT && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!anyDigit) return Number.NaN;
  if (i === end && digits <= 15 && fractionDigits <= 22) {
    const value = mantissa / (POW10[fractionDigits] as number);
    return negative ? -value : value;
  }
  if (i < end) {
    // Only an exponent may follow: e|E, optional sign, at least one digit.
    if (c !== LOWER_E && c !== UPPER_E) return Number.NaN;
    i++;
    c = text.charCodeAt(i);
    if (c === MINUS || c === PLUS) i++;
    if (i === end) return Number.NaN;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) return Number.NaN;
    }
  }
  const value = Number(text.slice(start, end));
  return Number.isFinite(value) ? value : Number.NaN;
}

// Built by multiplication: every 10^k with k ≤ 22 is exact in float64.
const POW10: number[] = [1];
for (let k = 1; k <= 22; k++) POW10.push((POW10[k - 1] as number) * 10);
const SPACE = 32;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const UPPER_E = 69;
const LOWER_E = 101;
