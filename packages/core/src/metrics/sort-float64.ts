/** Below this length the native sort wins (its setup is cheaper than 2048-bucket histograms). */
const RADIX_MIN_LENGTH = 2048;
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;
/** A 64-bit key in 6 digits: three per 32-bit half (11 + 11 + 10 bits). */
const SHIFTS = [0, 11, 22] as const;

/**
 * Sorts finite doubles ascending, in place, like `Float64Array#sort()` (so -0 before +0).
 * For large arrays it is a least-significant-digit radix sort on the IEEE 754 bits, ~1.5–2×
 * faster than V8's native comparison sort on this machine (sorting dominates the binary
 * suite's time).
 *
 * Order-preserving key: for x ≥ 0 (sign bit clear) flip the sign bit; for x < 0 flip
 * every bit. The key is computed on the fly from a Uint32 view; the data moves as doubles,
 * so no NaN bit pattern is ever materialised. Six stable counting passes (11-bit digits);
 * a pass whose digit is the same for every value is skipped. Needs one scratch array of
 * the same length. Inputs must be finite (NaN has no place in the order).
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN_LENGTH) return values.sort();

  const histograms = new Uint32Array(6 * BUCKETS);
  countDigits(values, histograms);

  let source: Float64Array = values;
  let target: Float64Array = new Float64Array(n);
  for (let pass = 0; pass < 6; pass++) {
    const offset = pass * BUCKETS;
    if (isTrivial(histograms, offset, n)) continue;
    // Exclusive prefix sums: the first slot of each digit.
    let running = 0;
    for (let d = 0; d < BUCKETS; d++) {
      const count = histograms[offset + d] as number;
      histograms[offset + d] = running;
      running += count;
    }
    scatter(source, target, histograms, offset, pass);
    const swap = source;
    source = target;
    target = swap;
  }
  if (source !== values) values.set(source);
  return values;
}

function countDigits(values: Float64Array, histograms: Uint32Array): void {
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const hi = bits[2 * i + 1] as number;
    const flip = hi >> 31; // −1 for negatives, 0 otherwise
    const lo = ((bits[2 * i] as number) ^ flip) >>> 0;
    const key = (hi ^ (flip | 0x80000000)) >>> 0;
    histograms[lo & DIGIT_MASK] = (histograms[lo & DIGIT_MASK] as number) + 1;
    histograms[BUCKETS + ((lo >>> 11) & DIGIT_MASK)] = (histograms[BUCKETS + ((lo >>> 11) & DIGIT_MASK)] as number) + 1;
    histograms[2 * BUCKETS + (lo >>> 22)] = (histograms[2 * BUCKETS + (lo >>> 22)] as number) + 1;
    histograms[3 * BUCKETS + (key & DIGIT_MASK)] = (histograms[3 * BUCKETS + (key & DIGIT_MASK)] as number) + 1;
    histograms[4 * BUCKETS + ((key >>> 11) & DIGIT_MASK)] =
      (histograms[4 * BUCKETS + ((key >>> 11) & DIGIT_MASK)] as number) + 1;
    histograms[5 * BUCKETS + (key >>> 22)] = (histograms[5 * BUCKETS + (key >>> 22)] as number) + 1;
  }
}

function isTrivial(histograms: Uint32Array, offset: number, n: number): boolean {
  for (let d = 0; d < BUCKETS; d++) {
    const count = histograms[offset + d] as number;
    if (count !== 0) return count === n;
  }
  return true;
}

function scatter(source: Float64Array, target: Float64Array, slots: Uint32Array, offset: number, pass: number): void {
  const bits = new Int32Array(source.buffer, source.byteOffset, source.length * 2);
  const n = source.length;
  const shift = SHIFTS[pass % 3] as number;
  // Two loops rather than a branch per element: low passes read the low word, high passes the high word.
  if (pass < 3) {
    for (let i = 0; i < n; i++) {
      const flip = (bits[2 * i + 1] as number) >> 31;
      const slot = offset + ((((bits[2 * i] as number) ^ flip) >>> shift) & DIGIT_MASK);
      const at = slots[slot] as number;
      slots[slot] = at + 1;
      target[at] = source[i] as number;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const hi = bits[2 * i + 1] as number;
      const slot = offset + (((hi ^ ((hi >> 31) | 0x80000000)) >>> shift) & DIGIT_MASK);
      const at = slots[slot] as number;
      slots[slot] = at + 1;
      target[at] = source[i] as number;
    }
  }
}
