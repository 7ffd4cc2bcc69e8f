import { createHash } from "node:crypto";
import type { BlobStorage } from "./storage.ts";

export interface PutContentAddressedInput {
  prefix: string;
  /** File name ending, with its dot (".ftcol"). */
  extension: string;
  /** The blob, whole or as parts written one after the other. */
  content: Uint8Array | readonly Uint8Array[];
}

/**
 * Stores content under `<prefix>/<sha256 of the content><extension>` and returns the key. The key
 * is derived from exactly what is stored, so one upload can never overwrite another's file; an
 * existing blob is left as it is (write-once), a missing one is written (or restored).
 */
export async function putContentAddressed(storage: BlobStorage, input: PutContentAddressedInput): Promise<string> {
  const parts = input.content instanceof Uint8Array ? [input.content] : input.content;
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  const key = `${input.prefix}/${hash.digest("hex")}${input.extension}`;
  if (!(await storage.exists(key))) await storage.put(key, input.content);
  return key;
}
