import { ChunkedArray } from "./chunked-array.ts";
import { StringData } from "./typed-table.ts";

const PIECE = 4096;

/** Text cells, appended as they arrive: joined in pieces so memory holds characters, not string objects. */
export class TextAccumulator {
  private readonly pieces: string[] = [];
  private pending: string[] = [];
  private chars = 0;
  readonly offsets = new ChunkedArray(Uint32Array);
  readonly missing = new ChunkedArray(Uint8Array);

  constructor(missingPrefix: number) {
    this.offsets.push(0);
    this.offsets.pushMany(0, missingPrefix);
    this.missing.pushMany(1, missingPrefix);
  }

  push(cell: string): void {
    this.pending.push(cell);
    this.chars += cell.length;
    this.offsets.push(this.chars);
    this.missing.push(0);
    if (this.pending.length === PIECE) {
      this.pieces.push(this.pending.join(""));
      this.pending = [];
    }
  }

  pushMissing(count: number): void {
    this.offsets.pushMany(this.chars, count);
    this.missing.pushMany(1, count);
  }

  finish(): StringData {
    this.pieces.push(this.pending.join(""));
    const text = this.pieces.join("");
    this.pieces.length = 0;
    this.pending = [];
    return new StringData(this.offsets.toArray(), this.missing.toArray(), { text });
  }
}
