import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/** What happened to files, in order: each fsync (of a file or a directory) and each rename. */
const events: string[] = [];

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        await sync();
        events.push(`sync ${path.basename(String(args[0]))}`);
      };
      return handle;
    },
    rename: async (from: string, to: string) => {
      await real.rename(from, to);
      events.push(`rename ${path.basename(to)}`);
    },
  };
});

const { directoryStorage } = await import("./directory-storage.ts");

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "fieldtest-storage-test-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("directoryStorage", () => {
  it("makes a blob durable before put resolves: file fsynced, renamed into place, directory fsynced", async () => {
    events.length = 0;
    const storage = directoryStorage(root);
    await storage.put("datasets/abc.ftcol", [new Uint8Array([1, 2]), new Uint8Array([3])]);
    expect(events).toEqual([
      expect.stringMatching(/^sync abc\.ftcol\.\d+\.\d+\.\w+\.tmp$/),
      "rename abc.ftcol",
      "sync datasets",
    ]);
    expect([...(await storage.get("datasets/abc.ftcol"))]).toEqual([1, 2, 3]);
  });

  it("leaves no temp file and no blob when the write fails", async () => {
    const storage = directoryStorage(root);
    // A part that cannot be written: the temp file exists by then.
    const parts = [new Uint8Array([1]), { byteLength: 4 } as unknown as Uint8Array];
    await expect(storage.put("datasets/broken.ftcol", parts)).rejects.toThrow();
    expect(await readdir(path.join(root, "datasets"))).toEqual(["abc.ftcol"]);
    expect(await storage.exists("datasets/broken.ftcol")).toBe(false);
  });
});
