// Below this length the native sort wins (the radix sort clears 4 × 65,536 counters).
const RADIX_MIN_LENGTH = 4096;
const DIGIT_COUNT = 4;
const DIGIT_SIZE = 65536;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface SortedWithoutNaN {
  /** The column's non-NaN values, ascending, in a new array (the column is not modified). */
  values: Float64Array;
  /** How many NaN values were left out. */
  nanCount: number;
}

/**
 * Copies a column without its NaN values and sorts the copy ascending, in the order of
 * `Float64Array.prototype.sort` (−0 before +0, ±Infinity at the ends). Large columns use an
 * LSD radix sort on the IEEE-754 bit patterns — 4 passes of 16 bits, a pass skipped when
 * every value has the same digit there — with the NaN filter, the key transform and the
 * digit histograms fused into the copy. At 10^6 values that is about twice as fast as the
 * native sort, which is what makes a drift report's per-column sorts cheap.
 */
export function sortedWithoutNaN(column: Float64Array): SortedWithoutNaN {
  const length = column.length;
  if (length < RADIX_MIN_LENGTH || !LITTLE_ENDIAN) {
    const values = new Float64Array(length);
    let count = 0;
    for (let i = 0; i < length; i++) {
      const x = column[i] as number;
      if (!Number.isNaN(x)) values[count++] = x;
    }
    return { values: values.subarray(0, count).sort(), nanCount: length - count };
  }
  const input = new Uint32Array(column.buffer, column.byteOffset, 2 * length);
  let keys = new Uint32Array(2 * length);
  const counts = new Uint32Array(DIGIT_COUNT * DIGIT_SIZE);
  let n = 0;
  for (let i = 0; i < length; i++) {
    const x = column[i] as number;
    if (Number.isNaN(x)) continue;
    // Order-preserving unsigned key: flip every bit of a negative, only the sign bit of the rest.
    let lo = input[2 * i] as number;
    let hi = input[2 * i + 1] as number;
    if (hi & 0x80000000) {
      lo = ~lo >>> 0;
      hi = ~hi >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    keys[2 * n] = lo;
    keys[2 * n + 1] = hi;
    n++;
    (counts[lo & 0xffff] as number)++;
    (counts[DIGIT_SIZE + (lo >>> 16)] as number)++;
    (counts[2 * DIGIT_SIZE + (hi & 0xffff)] as number)++;
    (counts[3 * DIGIT_SIZE + (hi >>> 16)] as number)++;
  }
  let scratch = new Uint32Array(2 * n);
  for (let digit = 0; digit < DIGIT_COUNT; digit++) {
    const offset = digit * DIGIT_SIZE;
    const word = digit >> 1;
    const shift = (digit & 1) * 16;
    // Every key has the same digit here: this pass would copy the keys unchanged.
    if (n === 0 || counts[offset + (((keys[word] as number) >>> shift) & 0xffff)] === n) continue;
    let start = 0;
    for (let k = 0; k < DIGIT_SIZE; k++) {
      const count = counts[offset + k] as number;
      counts[offset + k] = start;
      start += count;
    }
    for (let i = 0; i < n; i++) {
      const bucket = offset + (((keys[2 * i + word] as number) >>> shift) & 0xffff);
      const position = counts[bucket] as number;
      counts[bucket] = position + 1;
      scratch[2 * position] = keys[2 * i] as number;
      scratch[2 * position + 1] = keys[2 * i + 1] as number;
    }
    const swap = keys;
    keys = scratch;
    scratch = swap;
  }
  for (let i = 0; i < n; i++) {
    const hi = keys[2 * i + 1] as number;
    if (hi & 0x80000000) {
      keys[2 * i + 1] = hi & 0x7fffffff;
    } else {
      keys[2 * i + 1] = ~hi;
      keys[2 * i] = ~(keys[2 * i] as number);
    }
  }
  return { values: new Float64Array(keys.buffer, keys.byteOffset, n), nanCount: length - n };
}
