import { type FileHandle, mkdir, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export interface SpoolFile {
  path: string;
  /** Open for writing; closed by withSpoolFile. */
  handle: FileHandle;
}

/**
 * Runs `work` with a new, empty temporary file in a folder of its own under `tempDir` (created
 * when missing; default the OS temp directory). The folder is deleted when `work` ends, however
 * it ends, so an upload leaves nothing behind.
 */
export async function withSpoolFile<T>(
  options: { tempDir?: string; fileName: string },
  work: (spool: SpoolFile) => Promise<T>,
): Promise<T> {
  const root = options.tempDir ?? tmpdir();
  await mkdir(/* turbopackIgnore: true */ root, { recursive: true });
  const dir = await mkdtemp(/* turbopackIgnore: true */ path.join(root, "fieldtest-upload-"));
  let handle: FileHandle | undefined;
  try {
    const file = path.join(dir, options.fileName);
    handle = await open(/* turbopackIgnore: true */ file, "w");
    return await work({ path: file, handle });
  } finally {
    await handle?.close().catch(() => undefined);
    await rm(/* turbopackIgnore: true */ dir, { recursive: true, force: true });
  }
}
