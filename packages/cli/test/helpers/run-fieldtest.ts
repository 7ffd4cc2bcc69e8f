import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/fieldtest.mjs", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Spawns the real launcher (bin → cached bundle of src/main.ts, see bin/load-cli.mjs) as a user or CI would. INIT_CWD is
 * removed from the environment (vitest may run under npm, which sets it) unless given.
 */
export function fieldtest(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.INIT_CWD;
  Object.assign(env, options.env);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { encoding: "utf8", cwd: options.cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A temporary directory for data files, removed by the returned cleanup. */
export function tempDir(prefix: string): {
  dir: string;
  file: (name: string, text: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), `fieldtest-${prefix}-`));
  return {
    dir,
    file: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The fixture table as plain rows, parsed independently of the CLI's readers (JSON.parse per line). */
export async function fixtureRows(): Promise<Record<string, number | string>[]> {
  const { readFileSync } = await import("node:fs");
  return readFileSync(join(FIXTURES, "mixed.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, number | string>);
}

export function numberColumn(rows: Record<string, number | string>[], name: string): Float64Array {
  return Float64Array.from(rows, (row) => row[name] as number);
}
