import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { fieldtest } from "./helpers/run-fieldtest.ts";

// The launcher bundles the sources into a cache folder on first start and reuses the bundle
// until an input changes (bin/load-cli.mjs). This suite uses its own cache folder (inside the
// package, where Node finds the external packages) so that it sees every build it causes.
const CACHE = fileURLToPath(new URL(`../node_modules/.cache/launcher-test-${process.pid}/`, import.meta.url));
const MANIFEST = join(CACHE, "manifest.json");
const env = { FIELDTEST_CLI_CACHE_DIR: CACHE };

afterAll(() => rmSync(CACHE, { recursive: true, force: true }));

/** The build the manifest points at (a new build is a new folder). */
const bundleStamp = () => {
  const { entry } = JSON.parse(readFileSync(MANIFEST, "utf8"));
  const stat = statSync(join(CACHE, entry));
  return `${entry}:${stat.ino}:${stat.mtimeMs}`;
};

describe("the launcher's bundle cache", { timeout: 60_000 }, () => {
  it("builds the bundle on first start, recording every source it read", async () => {
    const result = await fieldtest(["--help"], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: fieldtest <command> [options]");
    const manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
    const inputs = Object.keys(manifest.inputs);
    expect(inputs).toContain("src/main.ts");
    expect(inputs.some((file) => file.startsWith("../core/src/"))).toBe(true);
    expect(inputs.some((file) => file.includes("node_modules"))).toBe(false);
  });

  it("splits the commands: evaluate's start loads no Prisma client (only keys needs it)", async () => {
    const { entry } = JSON.parse(readFileSync(MANIFEST, "utf8"));
    const main = readFileSync(join(CACHE, entry), "utf8");
    expect(main).not.toContain("@prisma/client");
    expect(main).toMatch(/import\("\.\/chunks\//);
  });

  it("reuses the bundle while no source changed", async () => {
    const before = bundleStamp();
    const result = await fieldtest(["--help"], { env });
    expect(result.code).toBe(0);
    expect(bundleStamp()).toBe(before);
  });

  it("rebuilds when a recorded source differs (here: its recorded mtime)", async () => {
    const before = bundleStamp();
    const manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
    manifest.inputs["src/main.ts"][1] -= 1000;
    writeFileSync(MANIFEST, JSON.stringify(manifest));
    const result = await fieldtest(["--help"], { env });
    expect(result.code).toBe(0);
    expect(bundleStamp()).not.toBe(before);
    const rebuilt = JSON.parse(readFileSync(MANIFEST, "utf8"));
    expect(rebuilt.inputs["src/main.ts"][1]).toBe(statSync(new URL("../src/main.ts", import.meta.url)).mtimeMs);
  });

  it("runs from the sources through tsx when bundling is turned off", async () => {
    const result = await fieldtest(["--help"], { env: { ...env, FIELDTEST_CLI_NO_BUNDLE: "1" } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: fieldtest <command> [options]");
  });

  it("lets many cold starts at once each build and run (none removes another's build)", async () => {
    const cold = fileURLToPath(new URL(`../node_modules/.cache/launcher-test-cold-${process.pid}/`, import.meta.url));
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, () => fieldtest(["--help"], { env: { FIELDTEST_CLI_CACHE_DIR: cold } })),
      );
      for (const result of results) {
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
      }
    } finally {
      rmSync(cold, { recursive: true, force: true });
    }
  });
});
