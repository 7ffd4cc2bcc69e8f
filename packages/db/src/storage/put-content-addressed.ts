import { sha256Hex } from "../datasets/hash.ts";
import type { BlobStorage } from "./storage.ts";

/**
 * Stores `bytes` under `<prefix>/<sha256 of the bytes>.json` and returns the key. The key is
 * derived from exactly what is stored, so one upload can never overwrite another's file; an
 * existing blob is left as it is (write-once), a missing one is written (or restored).
 */
export async function putContentAddressed(storage: BlobStorage, prefix: string, bytes: Uint8Array): Promise<string> {
  const key = `${prefix}/${sha256Hex(bytes)}.json`;
  if (!(await storage.exists(key))) await storage.put(key, bytes);
  return key;
}
