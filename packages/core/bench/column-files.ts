// Columns on disk for the other side: raw little-endian float64 (numpy.fromfile(path, "<f8"))
// and a CSV for the end-to-end row. Written once per run into a temporary directory.
import { closeSync, openSync, readSync, statSync, writeFileSync, writeSync } from "node:fs";
import { endianness } from "node:os";

if (endianness() !== "LE")
  throw new Error("the bench writes float64 columns in native order and expects a little-endian machine");

export function writeFloat64(path: string, column: Float64Array): void {
  writeFileSync(path, new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
}

/** Reads a file written by writeFloat64 straight into a Float64Array (no intermediate copy). */
export function readFloat64(path: string): Float64Array {
  const bytes = statSync(path).size;
  if (bytes % 8 !== 0) throw new Error(`${path}: ${bytes} bytes is not a whole number of float64 values`);
  const column = new Float64Array(bytes / 8);
  const view = new Uint8Array(column.buffer);
  const fd = openSync(path, "r");
  try {
    for (let offset = 0; offset < bytes; ) {
      const read = readSync(fd, view, offset, bytes - offset, offset);
      if (read === 0) throw new Error(`${path}: unexpected end of file`);
      offset += read;
    }
  } finally {
    closeSync(fd);
  }
  return column;
}

/**
 * `y,p` with labels as 0/1 and scores in JavaScript's shortest round-trip form, so a
 * correctly rounding parser gets back the very same doubles.
 */
export function writeBinaryCsv(path: string, labels: Float64Array, scores: Float64Array): void {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, "y,p\n");
    const chunk = 65_536;
    for (let start = 0; start < labels.length; start += chunk) {
      const end = Math.min(labels.length, start + chunk);
      let text = "";
      for (let i = start; i < end; i++) text += `${labels[i]},${scores[i]}\n`;
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
}
