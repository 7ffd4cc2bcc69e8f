import { CliError } from "../cli-error.ts";
import { type ColumnBuilder, createColumnBuilder } from "./column-request.ts";
import { bindColumns, type ReaderOptions, streamText, type TableData, valueError } from "./table.ts";

/**
 * Streams a CSV file (RFC 4180: commas, records end at LF or CRLF, `"`-quoted fields may
 * hold commas, doubled quotes and newlines; a leading BOM and blank lines are skipped) and
 * keeps only the requested columns, as typed arrays.
 *
 * Speed comes from a fast path: a line without a quote character is split with
 * `indexOf(",")` and only the requested cells are sliced and parsed. A line with a quote
 * goes through the full record parser, which may read on into the next chunk.
 */
export async function readCsv(options: ReaderOptions): Promise<TableData> {
  const parser = new CsvColumnsParser(options);
  return streamText(options, parser);
}

/** Incremental parser: feed text with push(), then end(). Exported for tests. */
export class CsvColumnsParser {
  private pending = "";
  private atStart = true;
  /** 1-based line of the next unconsumed character. */
  private line = 1;
  private rows = 0;
  private width = 0;
  private header: string[] | undefined;
  /** Per field index of a data row, the builders that want that cell. */
  private targets: (ColumnBuilder[] | undefined)[] = [];
  private builders: ColumnBuilder[] = [];

  constructor(private readonly options: ReaderOptions) {}

  push(chunk: string): void {
    const text = this.pending + chunk;
    this.pending = text.slice(this.consume(text, false));
  }

  end(): TableData {
    const text = this.pending;
    this.pending = "";
    this.consume(text, true);
    const { display } = this.options;
    if (this.header === undefined) throw new CliError(`${display} is empty: expected a header row`);
    if (this.rows === 0) throw new CliError(`${display} has a header but no data rows`);
    return { rows: this.rows, columns: this.builders.map((b) => b.finish()) };
  }

  /** Consumes whole records from text; returns where the unconsumed rest starts. */
  private consume(text: string, final: boolean): number {
    const len = text.length;
    let pos = 0;
    if (this.atStart && len > 0) {
      this.atStart = false;
      if (text.charCodeAt(0) === BOM) pos = 1;
    }
    let quote = -1;
    while (pos < len) {
      let eol = text.indexOf("\n", pos);
      if (eol === -1) {
        if (!final) break;
        eol = len;
      }
      if (quote < pos) {
        quote = text.indexOf('"', pos);
        if (quote === -1) quote = len;
      }
      if (quote < eol) {
        const next = this.quotedRecord(text, pos, final);
        if (next === -1) break;
        pos = next;
        continue;
      }
      let end = eol;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      if (end > pos) {
        if (this.header === undefined) this.setHeader(splitPlain(text, pos, end));
        else this.plainRow(text, pos, end);
      }
      this.line++;
      pos = eol + 1;
    }
    return Math.min(pos, len);
  }

  private setHeader(fields: string[]): void {
    this.header = fields.map((f) => f.trim());
    this.width = fields.length;
    const { requests, indices } = bindColumns(this.header, this.options);
    this.builders = requests.map((request) => createColumnBuilder(request, 1 << 16));
    this.targets = Array.from({ length: this.width }, () => undefined);
    indices.forEach((field, r) => {
      const builder = this.builders[r] as ColumnBuilder;
      const list = this.targets[field];
      if (list === undefined) this.targets[field] = [builder];
      else list.push(builder);
    });
  }

  /** The fast path: a data line with no quote character, text[start, end) without EOL. */
  private plainRow(text: string, start: number, end: number): void {
    const targets = this.targets;
    const width = this.width;
    let field = 0;
    for (;;) {
      let comma = text.indexOf(",", start);
      if (comma === -1 || comma > end) comma = end;
      if (field < width) {
        const wanted = targets[field];
        if (wanted !== undefined) {
          const cell = text.slice(start, comma);
          for (let b = 0; b < wanted.length; b++) {
            const problem = (wanted[b] as ColumnBuilder).pushText(cell);
            if (problem !== undefined) throw this.valueError(problem);
          }
        }
      }
      field++;
      if (comma === end) break;
      start = comma + 1;
    }
    if (field !== width) throw this.widthError(field);
    this.rows++;
  }

  private dataRecord(fields: string[]): void {
    if (fields.length !== this.width) throw this.widthError(fields.length);
    for (let field = 0; field < fields.length; field++) {
      const wanted = this.targets[field];
      if (wanted === undefined) continue;
      for (const builder of wanted) {
        const problem = builder.pushText(fields[field] as string);
        if (problem !== undefined) throw this.valueError(problem);
      }
    }
    this.rows++;
  }

  private valueError(problem: string): CliError {
    return valueError(this.options.display, `row ${this.rows + 1} (line ${this.line})`, problem);
  }

  private widthError(found: number): CliError {
    return valueError(
      this.options.display,
      `row ${this.rows + 1} (line ${this.line})`,
      `expected ${this.width} fields like the header, found ${found}`,
    );
  }

  /**
   * The slow path: one record that contains a quote, from `start`. Returns the position
   * after its EOL, or -1 when the record runs past the text and more may come.
   */
  private quotedRecord(text: string, start: number, final: boolean): number {
    const len = text.length;
    const fields: string[] = [];
    let i = start;
    let newlines = 0;
    const syntax = (message: string) =>
      new CliError(`${this.options.display}, line ${this.line + newlines}: ${message}`);
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const openedOn = this.line + newlines;
        let value = "";
        let from = ++i;
        for (;;) {
          if (i >= len) {
            if (!final) return -1;
            throw new CliError(`${this.options.display}, line ${openedOn}: unterminated quoted field`);
          }
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (i + 1 >= len && !final) return -1;
            if (text.charCodeAt(i + 1) !== QUOTE) break;
            value += text.slice(from, i + 1);
            i += 2;
            from = i;
            continue;
          }
          if (c === LF) newlines++;
          i++;
        }
        fields.push(value + text.slice(from, i));
        i++; // closing quote
        if (i < len) {
          const c = text.charCodeAt(i);
          if (c !== COMMA && c !== LF && c !== CR) throw syntax("unexpected text after a closing quote");
          if (c === CR && i + 1 < len && text.charCodeAt(i + 1) !== LF) {
            throw syntax("unexpected text after a closing quote");
          }
        }
      } else {
        const from = i;
        for (;;) {
          if (i >= len) break;
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF) break;
          if (c === QUOTE) throw syntax("a quote inside an unquoted field (quote the whole field)");
          i++;
        }
        if (i >= len && !final) return -1;
        let to = i;
        if (to > from && text.charCodeAt(to - 1) === CR && (i >= len || text.charCodeAt(i) === LF)) to--;
        fields.push(text.slice(from, to));
      }
      if (i < len && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      if (i < len && text.charCodeAt(i) === CR) i++;
      if (i >= len && !final) return -1;
      break;
    }
    // i is at the LF (or the end of the text).
    if (this.header === undefined) this.setHeader(fields);
    else this.dataRecord(fields);
    this.line += newlines + 1;
    return i + 1;
  }
}

function splitPlain(text: string, start: number, end: number): string[] {
  return text.slice(start, end).split(",");
}

const BOM = 0xfeff;
const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
