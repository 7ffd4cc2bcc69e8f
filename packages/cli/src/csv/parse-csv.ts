import { CliError } from "../cli-error.ts";

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
}

/**
 * RFC 4180 CSV: comma-separated, records end at LF or CRLF, fields may be quoted with
 * `"` (a doubled `""` is a quote; quoted fields may span lines). A leading BOM and blank
 * lines are skipped. Malformed input (an unterminated quote, text after a closing quote,
 * a quote inside an unquoted field) is a CliError naming the line.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const len = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  while (i < len) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      // One field starting at i.
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openedOn = line;
        let parts = "";
        let start = ++i;
        for (;;) {
          if (i >= len) throw new CliError(`line ${openedOn}: unterminated quoted field`);
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (text.charCodeAt(i + 1) === QUOTE) {
              parts += text.slice(start, i + 1);
              i += 2;
              start = i;
              continue;
            }
            break;
          }
          if (c === LF) line++;
          i++;
        }
        value = parts + text.slice(start, i);
        i++; // closing quote
        const next = text.charCodeAt(i);
        if (i < len && next !== COMMA && next !== LF && !(next === CR && text.charCodeAt(i + 1) === LF)) {
          throw new CliError(`line ${line}: unexpected text after a closing quote`);
        }
      } else {
        const start = i;
        while (i < len) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || (c === CR && text.charCodeAt(i + 1) === LF)) break;
          if (c === QUOTE) throw new CliError(`line ${line}: a quote inside an unquoted field (quote the whole field)`);
          i++;
        }
        value = text.slice(start, i);
      }
      fields.push(value);
      if (i < len && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      // End of record: LF, CRLF or end of text.
      if (text.charCodeAt(i) === CR) i++;
      if (i < len) {
        i++; // LF
        line++;
      }
      break;
    }
    const blank = fields.length === 1 && fields[0] === "";
    if (!blank) records.push({ fields, line: recordLine });
  }
  return records;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
