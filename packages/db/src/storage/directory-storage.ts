import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { dbEnv } from "../env.ts";
import type { BlobStorage } from "./storage.ts";

const KEY = /^[a-z0-9][a-z0-9/_.-]*$/;

function resolveKey(root: string, key: string): string {
  if (!KEY.test(key) || key.includes("..")) throw new Error(`invalid storage key: ${key}`);
  return path.join(root, key);
}

/**
 * Stores blobs as files under `root`. A write is atomic and durable before `put` resolves: a
 * temp file is written and fsynced, renamed into place, and the directory fsynced, so a blob
 * acknowledged to a user is never found empty or half-written after a crash or power loss
 * (`exists` would then say yes to it for ever). A failed write leaves no temp file.
 */
export function directoryStorage(root: string = dbEnv().FIELDTEST_STORAGE_DIR): BlobStorage {
  return {
    async put(key, content) {
      const file = resolveKey(root, key);
      const dir = path.dirname(file);
      await mkdir(/* turbopackIgnore: true */ dir, { recursive: true });
      const tmp = `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        const handle = await open(/* turbopackIgnore: true */ tmp, "wx");
        try {
          // Parts are written one after the other, never joined in memory.
          for (const part of content instanceof Uint8Array ? [content] : content) {
            for (let at = 0; at < part.byteLength; ) {
              at += (await handle.write(part, at, part.byteLength - at)).bytesWritten;
            }
          }
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(/* turbopackIgnore: true */ tmp, file);
      } catch (err) {
        await rm(/* turbopackIgnore: true */ tmp, { force: true });
        throw err;
      }
      // The rename itself is made durable by syncing the directory that holds the new name.
      await syncDirectory(dir);
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

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(/* turbopackIgnore: true */ dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
