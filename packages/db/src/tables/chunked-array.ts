type NumericArray = Float64Array | Uint8Array | Uint32Array;
type NumericArrayConstructor<T extends NumericArray> = new (length: number) => T;

const FIRST_CHUNK = 1024;
const LARGEST_CHUNK = 65_536;

/**
 * An append-only typed array that grows in chunks (never copying what it holds until
 * `toArray`), so a column being built costs its values plus at most one partly filled chunk.
 * Chunks start small: a table of a thousand one-row columns stays small.
 */
export class ChunkedArray<T extends NumericArray> {
  private readonly full: T[] = [];
  private current: T;
  private used = 0;
  length = 0;

  constructor(private readonly Kind: NumericArrayConstructor<T>) {
    this.current = new Kind(FIRST_CHUNK);
  }

  push(value: number): void {
    if (this.used === this.current.length) this.grow();
    this.current[this.used++] = value;
    this.length++;
  }

  pushMany(value: number, count: number): void {
    for (let i = 0; i < count; i++) this.push(value);
  }

  /** The values in one contiguous array; the builder is empty afterwards. */
  toArray(): T {
    const out = new this.Kind(this.length);
    let at = 0;
    for (const chunk of this.full) {
      out.set(chunk, at);
      at += chunk.length;
    }
    out.set(this.current.subarray(0, this.used), at);
    this.full.length = 0;
    this.current = new this.Kind(0);
    this.used = 0;
    this.length = 0;
    return out;
  }

  private grow(): void {
    this.full.push(this.current);
    this.current = new this.Kind(Math.max(FIRST_CHUNK, Math.min(this.current.length * 2, LARGEST_CHUNK)));
    this.used = 0;
  }
}
