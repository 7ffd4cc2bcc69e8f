import { describeBytes, TableLimitError, TableParseError } from "./table-limits.ts";

/** Receives each record with the physical line it starts on; returning false stops the tokenizer. */
export type RecordHandler = (fields: string[], line: number) => boolean | undefined;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const isBlank = (c: number) => c === 32 || c === 9;

/** Fields are trimmed; only surrounding whitespace is looked at, so most fields cost one check. */
function trimFields(fields: string[]): string[] {
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k] as string;
    if (f.length === 0) continue;
    const a = f.charCodeAt(0);
    const b = f.charCodeAt(f.length - 1);
    if (a <= 32 || b <= 32 || a > 126 || b > 126) fields[k] = f.trim();
  }
  return fields;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * A streaming RFC 4180 tokenizer: comma-separated fields, records ended by CRLF or LF, fields
 * in double quotes may hold commas, line breaks and doubled quotes. Fields are trimmed and
 * blank lines skipped. Text is pushed in pieces of any size; a record split across pieces is
 * kept until it is complete, up to the record-length cap. Lines without a quote take a fast
 * path (split on commas).
 */
export class CsvTokenizer {
  private carry = "";
  /** Physical line on which `carry` starts. */
  private line = 1;
  stopped = false;

  constructor(
    private readonly onRecord: RecordHandler,
    private readonly maxRecordBytes: number,
  ) {}

  push(text: string): void {
    if (this.stopped) return;
    this.consume(this.carry.length === 0 ? text : this.carry + text, false);
  }

  /** The input ended; `truncated` means it was cut on purpose (a preview), so a partial last record is dropped. */
  end(truncated = false): void {
    if (!this.stopped && !truncated && this.carry.length > 0) this.consume(`${this.carry}\n`, true);
    this.carry = "";
  }

  /** The line the next unread character is on (for errors found outside the tokenizer). */
  lineAtEnd(): number {
    return this.line + countNewlines(this.carry, 0, this.carry.length);
  }

  private consume(buf: string, final: boolean): void {
    const len = buf.length;
    let pos = 0;
    let line = this.line;
    let quote = -1;
    while (pos < len) {
      const nl = buf.indexOf("\n", pos);
      if (nl === -1) break;
      if (quote !== len && quote < pos) {
        quote = buf.indexOf('"', pos);
        if (quote === -1) quote = len;
      }
      if (quote > nl) {
        let end = nl;
        if (end > pos && buf.charCodeAt(end - 1) === CR) end--;
        this.checkLength(buf, pos, end, line);
        if (end > pos) {
          const fields = trimFields(buf.slice(pos, end).split(","));
          if (!(fields.length === 1 && fields[0] === "") && this.onRecord(fields, line) === false) {
            this.stopped = true;
            return;
          }
        }
        pos = nl + 1;
        line++;
        continue;
      }
      const record = this.quotedRecord(buf, pos, line, final);
      if (record === null) break;
      this.checkLength(buf, pos, record.next, line);
      if (this.onRecord(record.fields, line) === false) {
        this.stopped = true;
        return;
      }
      pos = record.next;
      line = record.nextLine;
    }
    this.carry = pos === 0 ? buf : buf.slice(pos);
    this.line = line;
    if (final && this.carry.length > 0) throw new TableParseError("unterminated quoted field", line);
    // Characters never outnumber bytes, so a carry longer than the cap in characters is over it in bytes.
    if (this.carry.length > this.maxRecordBytes) this.tooLong(line);
  }

  /** Parses one record that has a quote in it, character by character; null when it is not complete yet. */
  private quotedRecord(
    buf: string,
    start: number,
    line: number,
    final: boolean,
  ): { fields: string[]; next: number; nextLine: number } | null {
    const len = buf.length;
    const fields: string[] = [];
    let ln = line;
    let i = start;
    for (;;) {
      let s = i;
      while (s < len && isBlank(buf.charCodeAt(s))) s++;
      if (s < len && buf.charCodeAt(s) === QUOTE) {
        let value = "";
        let j = s + 1;
        for (;;) {
          const q = buf.indexOf('"', j);
          if (q === -1 || q + 1 >= len) {
            if (final) throw new TableParseError("unterminated quoted field", line);
            return null;
          }
          value += buf.slice(j, q);
          ln += countNewlines(buf, j, q);
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            j = q + 2;
            continue;
          }
          j = q + 1;
          break;
        }
        while (j < len && isBlank(buf.charCodeAt(j))) j++;
        const c = j < len ? buf.charCodeAt(j) : -1;
        if (c === COMMA) {
          fields.push(value);
          i = j + 1;
          continue;
        }
        if (c === LF || (c === CR && buf.charCodeAt(j + 1) === LF)) {
          fields.push(value);
          const next = c === LF ? j + 1 : j + 2;
          return { fields, next, nextLine: ln + 1 };
        }
        if (c === -1 || (c === CR && j + 1 >= len)) {
          if (final) throw new TableParseError("unterminated record", line);
          return null;
        }
        throw new TableParseError(`unexpected character ${JSON.stringify(buf[j])} after a closing quote`, ln);
      }
      let k = i;
      let c = -1;
      while (k < len) {
        c = buf.charCodeAt(k);
        if (c === COMMA || c === LF) break;
        if (c === QUOTE) throw new TableParseError("a quote inside an unquoted field (quote the whole field)", ln);
        k++;
      }
      if (k >= len) return null;
      let e = k;
      if (c === LF && e > i && buf.charCodeAt(e - 1) === CR) e--;
      const field = buf.slice(i, e);
      fields.push(
        field.length > 0 && (isBlank(field.charCodeAt(0)) || field.charCodeAt(field.length - 1) <= 32)
          ? field.trim()
          : field,
      );
      if (c === COMMA) {
        i = k + 1;
        continue;
      }
      return { fields, next: k + 1, nextLine: ln + 1 };
    }
  }

  private checkLength(buf: string, start: number, end: number, line: number): void {
    const chars = end - start;
    if (chars * 3 <= this.maxRecordBytes) return;
    if (chars > this.maxRecordBytes || Buffer.byteLength(buf.slice(start, end)) > this.maxRecordBytes)
      this.tooLong(line);
  }

  private tooLong(line: number): never {
    throw new TableLimitError(
      "maxRecordBytes",
      `a record is longer than the limit of ${describeBytes(this.maxRecordBytes)}`,
      line,
    );
  }
}
