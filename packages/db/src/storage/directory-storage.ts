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
    async put(key, bytes) {
      const file = resolveKey(root, key);
      await mkdir(/* turbopackIgnore: true */ path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(/* turbopackIgnore: true */ tmp, bytes);
      await rename(/* turbopackIgnore: true */ tmp, file);
    },
    async get(key) {
      return new Uint8Array(await readFile(/* turbopackIgnore: true */ resolveKey(root, key)));
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
