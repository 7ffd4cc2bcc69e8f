import { CliError } from "../cli-error.ts";
import { type ColumnBuilder, type ColumnRequest, createColumnBuilder } from "./column-request.ts";
import { bindColumns, type ReaderOptions, streamText, type TableData, valueError } from "./table.ts";

/**
 * Streams a JSON Lines file: one JSON object per line (blank lines skipped). The first
 * object's keys are the file's columns; a requested key missing from a later object is
 * bad input for that row. Values are typed: a number column wants JSON numbers (or
 * booleans), never strings such as "0.5".
 */
export async function readJsonl(options: ReaderOptions): Promise<TableData> {
  const parser = new JsonlColumnsParser(options);
  return streamText(options, parser);
}

/** Incremental parser: feed text with push(), then end(). Exported for tests. */
export class JsonlColumnsParser {
  private pending = "";
  private atStart = true;
  private line = 1;
  private rows = 0;
  private builders: ColumnBuilder[] | undefined;
  private requests: readonly ColumnRequest[] = [];
  private names: string[] = [];

  constructor(private readonly options: ReaderOptions) {}

  push(chunk: string): void {
    const text = this.pending + chunk;
    let pos = 0;
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) pos = 1;
    }
    for (;;) {
      const eol = text.indexOf("\n", pos);
      if (eol === -1) break;
      this.record(text.slice(pos, eol));
      pos = eol + 1;
    }
    this.pending = text.slice(pos);
  }

  end(): TableData {
    if (this.pending !== "") this.record(this.pending);
    this.pending = "";
    const { display } = this.options;
    if (this.builders === undefined) throw new CliError(`${display} is empty: expected one JSON object per line`);
    return { rows: this.rows, columns: this.builders.map((b) => b.finish()) };
  }

  private record(raw: string): void {
    const line = raw.trim();
    if (line === "") {
      this.line++;
      return;
    }
    const where = `row ${this.rows + 1} (line ${this.line})`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw valueError(this.options.display, where, `not valid JSON (${(error as Error).message})`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw valueError(this.options.display, where, "expected a JSON object");
    }
    const object = parsed as Record<string, unknown>;
    if (this.builders === undefined) {
      this.requests = bindColumns(Object.keys(object), this.options).requests;
      this.names = this.requests.map((r) => r.name);
      this.builders = this.requests.map((request) => createColumnBuilder(request, 1 << 16));
    }
    const builders = this.builders;
    for (let c = 0; c < builders.length; c++) {
      const name = this.names[c] as string;
      const value = object[name];
      if (value === undefined && !Object.hasOwn(object, name)) {
        const request = this.requests[c];
        throw valueError(this.options.display, where, `${request?.role} column "${name}" is missing from this object`);
      }
      const problem = (builders[c] as ColumnBuilder).pushValue(value);
      if (problem !== undefined) throw valueError(this.options.display, where, problem);
    }
    this.rows++;
    this.line++;
  }
}
