import { describeBytes, TableLimitError } from "./table-limits.ts";

/** Receives each non-blank line (without its line break) and its number; returning false stops. */
export type LineHandler = (text: string, line: number) => boolean | undefined;

/**
 * Splits streamed text into lines (LF or CRLF), skipping blank ones, with the record-length cap
 * enforced on a line still being received.
 */
export class LineSplitter {
  private carry = "";
  private line = 1;
  stopped = false;

  constructor(
    private readonly onLine: LineHandler,
    private readonly maxRecordBytes: number,
  ) {}

  push(text: string): void {
    if (this.stopped) return;
    const buf = this.carry.length === 0 ? text : this.carry + text;
    let pos = 0;
    for (let nl = buf.indexOf("\n"); nl !== -1; nl = buf.indexOf("\n", pos)) {
      if (!this.emit(buf, pos, nl)) return;
      pos = nl + 1;
    }
    this.carry = pos === 0 ? buf : buf.slice(pos);
    if (this.carry.length > this.maxRecordBytes) this.tooLong();
  }

  end(truncated = false): void {
    if (!this.stopped && !truncated && this.carry.length > 0) this.emit(this.carry, 0, this.carry.length);
    this.carry = "";
  }

  lineAtEnd(): number {
    let n = this.line;
    for (let i = this.carry.indexOf("\n"); i !== -1; i = this.carry.indexOf("\n", i + 1)) n++;
    return n;
  }

  private emit(buf: string, start: number, nl: number): boolean {
    let end = nl;
    if (end > start && buf.charCodeAt(end - 1) === 13) end--;
    const chars = end - start;
    if (chars * 3 > this.maxRecordBytes) {
      if (chars > this.maxRecordBytes || Buffer.byteLength(buf.slice(start, end)) > this.maxRecordBytes) this.tooLong();
    }
    const line = this.line++;
    if (end === start) return true;
    const text = buf.slice(start, end);
    const c = text.charCodeAt(0);
    if ((c <= 32 || c === 0xa0 || c === 0xfeff) && text.trim() === "") return true;
    if (this.onLine(text, line) === false) {
      this.stopped = true;
      return false;
    }
    return true;
  }

  private tooLong(): never {
    throw new TableLimitError(
      "maxRecordBytes",
      `a line is longer than the limit of ${describeBytes(this.maxRecordBytes)}`,
      this.line,
    );
  }
}
