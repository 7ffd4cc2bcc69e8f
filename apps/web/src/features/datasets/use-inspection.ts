"use client";

import { useRef, useState } from "react";
import { sendFile, tableFormatOf } from "~/features/shared/send-file";

export type InspectedColumn = { name: string; type: "number" | "string" | "boolean" | "timestamp"; missing: number };

/** What the inspect route says about a file's beginning (or a Parquet file's footer). */
export interface Inspection {
  columns: InspectedColumn[];
  rowsRead: number;
  totalRows: number | null;
  complete: boolean;
  sample: Record<string, string | number | boolean | null>[];
}

export interface ColumnRoles {
  idColumn: string;
  labelColumn: string;
  /** "" for none. */
  timestampColumn: string;
  sliceColumns: string[];
}

/** Bytes of a CSV or JSON Lines file sent for inspection (the route reads at most this much). */
const HEAD_BYTES = 1024 * 1024;
/** A Parquet file up to this size is sent whole (types and a sample); a larger one only its footer. */
const WHOLE_PARQUET_BYTES = 16 * 1024 * 1024;

/**
 * Sends the part of a chosen file that tells its columns to the inspect route: the first MB of
 * a CSV or JSON Lines file; a small Parquet file whole, a large one's footer (its schema).
 */
export function useInspection() {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Inspection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  async function inspect(file: File | null): Promise<Inspection | null> {
    const call = ++latest.current;
    setResult(null);
    setError(null);
    if (!file) return null;
    const type = tableFormatOf(file.name);
    if (!type) {
      setError("Choose a .csv, .jsonl (.ndjson) or .parquet file");
      return null;
    }
    if (file.size === 0) {
      setError("The file is empty");
      return null;
    }
    setPending(true);
    try {
      const query = new URLSearchParams({ format: type.format, size: String(file.size) });
      let body: Blob = file.slice(0, HEAD_BYTES);
      if (type.format === "parquet") {
        body = file;
        if (file.size > WHOLE_PARQUET_BYTES) {
          body = await parquetFooter(file);
          query.set("part", "footer");
        }
      }
      const reply = await sendFile<Inspection>({
        url: `/api/uploads/datasets/inspect?${query}`,
        body,
        contentType: type.contentType,
      });
      if (call !== latest.current) return null;
      if (!reply.ok) {
        setError(reply.error.message);
        return null;
      }
      setResult(reply.body);
      return reply.body;
    } catch {
      if (call === latest.current) setError("This file could not be read");
      return null;
    } finally {
      if (call === latest.current) setPending(false);
    }
  }

  function reset() {
    latest.current++;
    setResult(null);
    setError(null);
    setPending(false);
  }

  return { inspect, reset, pending, result, error };
}

/** A Parquet file's footer: its metadata, the 4-byte length and the "PAR1" magic at the end. */
async function parquetFooter(file: File): Promise<Blob> {
  const tail = new DataView(await file.slice(file.size - 8).arrayBuffer());
  const length = tail.getUint32(0, true);
  if (length + 8 > file.size) throw new Error("not a Parquet file");
  return file.slice(file.size - 8 - length);
}

const ID_NAMES = ["id", "row_id", "rowid", "uuid", "key"];
const LABEL_NAMES = ["label", "target", "y", "outcome", "class"];

/** First guesses for the roles, which the user confirms: by common names, else by type. */
export function guessRoles(inspection: Inspection): ColumnRoles {
  const { columns } = inspection;
  const byName = (names: string[]) => columns.find((c) => names.includes(c.name.toLowerCase()))?.name;
  const idColumn = byName(ID_NAMES) ?? columns.find((c) => /(^|_)id$/i.test(c.name))?.name ?? columns[0]?.name ?? "";
  const labelColumn =
    byName(LABEL_NAMES) ?? [...columns].reverse().find((c) => c.name !== idColumn)?.name ?? columns[0]?.name ?? "";
  const timestampColumn = columns.find((c) => c.type === "timestamp")?.name ?? "";
  return { idColumn, labelColumn, timestampColumn, sliceColumns: [] };
}
