import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { describeBytes, TableLimitError } from "./table-limits.ts";

export interface ByteMeterOptions {
  maxBytes: number;
  /** Every byte is also written here (Parquet needs random access; text formats may be read twice). */
  spool?: FileHandle;
  /** Every chunk is also kept here (a preview, small by construction). */
  keep?: Uint8Array[];
  /** Stop after this many bytes, without an error (a preview of the file's beginning). */
  stopAfter?: number;
}

/**
 * Passes a byte stream through, counting bytes against the cap and hashing them (sha256 of the
 * raw upload) on the way, so parsing and hashing are one pass.
 */
export class ByteMeter {
  bytes = 0;
  /** The stream was cut at `stopAfter`, not at its end. */
  truncated = false;
  private readonly hash = createHash("sha256");

  constructor(private readonly options: ByteMeterOptions) {}

  async *read(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    const { maxBytes, spool, keep, stopAfter } = this.options;
    for await (const whole of source) {
      if (whole.byteLength === 0) continue;
      // A preview takes the chunk that crosses its budget only up to the budget.
      const cut = stopAfter !== undefined && this.bytes + whole.byteLength >= stopAfter;
      const chunk = cut ? whole.subarray(0, stopAfter - this.bytes) : whole;
      this.bytes += chunk.byteLength;
      if (this.bytes > maxBytes) {
        throw new TableLimitError("maxBytes", `the file is larger than the limit of ${describeBytes(maxBytes)}`);
      }
      this.hash.update(chunk);
      if (spool) await writeAll(spool, chunk);
      keep?.push(chunk);
      yield chunk;
      if (cut) {
        this.truncated = true;
        return;
      }
    }
  }

  /** Reads `source` to its end (spooled, counted and hashed; nothing else done with it). */
  async drain(source: AsyncIterable<Uint8Array>): Promise<void> {
    for await (const _ of this.read(source)) {
      // Each chunk is already spooled by read().
    }
  }

  /** Hex sha256 of every byte read; call once, after the stream ended. */
  sha256(): string {
    return this.hash.digest("hex");
  }
}

async function writeAll(file: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

/** A byte array as a stream of chunks (for callers that hold the whole content anyway). */
export async function* chunksOf(bytes: Uint8Array | string, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  for (let at = 0; at < data.byteLength; at += chunkSize) yield data.subarray(at, at + chunkSize);
}
