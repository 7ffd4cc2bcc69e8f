import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { dbEnv } from "../env.ts";
import type { BlobStorage } from "./storage.ts";

const KEY = /^[a-z0-9][a-z0-9/_.-]*$/;

function resolveKey(root: string, key: string): string {
  if (!KEY.test(key) || key.includes("..")) throw new Error(`invalid storage key: ${key}`);
  return path.join(root, key);
}

/** Stores blobs as files under `root`; writes are atomic (temp file + rename). */
export function directoryStorage(root: string = dbEnv().FIELDTEST_STORAGE_DIR): BlobStorage {
  return {
    async put(key, content) {
      const file = resolveKey(root, key);
      await mkdir(/* turbopackIgnore: true */ path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
      // Parts are written one after the other, never joined in memory.
      await writeFile(/* turbopackIgnore: true */ tmp, content);
      await rename(/* turbopackIgnore: true */ tmp, file);
    },
    async get(key) {
      // A view of the bytes read, not a copy: a v2 table maps its columns straight onto them.
      const buffer = await readFile(/* turbopackIgnore: true */ resolveKey(root, key));
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
    async exists(key) {
      try {
        await stat(/* turbopackIgnore: true */ resolveKey(root, key));
        return true;
      } catch {
        return false;
      }
    },
  };
}
