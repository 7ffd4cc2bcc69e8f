import { execFile, execFileSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROGRESS_MIN_BYTES } from "../src/input/progress.ts";
import { BIN, fieldtest, tempDir } from "./helpers/run-fieldtest.ts";

const tmp = tempDir("progress");
const big = join(tmp.dir, "big.csv");
afterAll(() => tmp.cleanup());

const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

beforeAll(async () => {
  // Just over the progress threshold: ~1.6 M rows of "y,p".
  const out = createWriteStream(big);
  out.write("y,p\n");
  let bytes = 4;
  let i = 0;
  while (bytes <= PROGRESS_MIN_BYTES + 1024) {
    const lines: string[] = [];
    for (let k = 0; k < 10_000; k++, i++) lines.push(`${i % 3 === 0 ? 1 : 0},0.${(i * 7919) % 1000000}`);
    const chunk = `${lines.join("\n")}\n`;
    bytes += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}, 60_000);

const ARGS = ["evaluate", "--input", big, "--label", "y", "--score", "p", "--bootstrap", "0", "--json"];

describe("progress bar for a large file", { timeout: 120_000 }, () => {
  it("is absent when stderr is not a terminal", async () => {
    const { code, stdout, stderr } = await fieldtest(ARGS);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(JSON.parse(stdout).n).toBeGreaterThan(1_000_000);
  });

  it.skipIf(!hasScript)("is drawn on a terminal (stderr a pty via script(1)), then erased", async () => {
    // script(1) gives the command a pseudo-terminal; stdout still goes to a file, stderr stays on the pty.
    const json = join(tmp.dir, "out.json");
    const command = [process.execPath, BIN, ...ARGS].map((a) => `'${a}'`).join(" ");
    const terminal = await new Promise<string>((resolve, reject) => {
      execFile(
        "script",
        ["-qec", `${command} > '${json}'`, "/dev/null"],
        { encoding: "utf8", maxBuffer: 1 << 24 },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      );
    });
    expect(terminal).toMatch(/reading big\.csv \[[#-]{30}\]\s+\d+% \d+\/\d+ MB/);
    expect(terminal).toContain("\r\x1b[K");
    const { readFileSync } = await import("node:fs");
    expect(JSON.parse(readFileSync(json, "utf8")).n).toBeGreaterThan(1_000_000);
  });
});
