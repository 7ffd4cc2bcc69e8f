import { describe, expect, it } from "vitest";
import type { Io } from "./io.ts";
import { main } from "./main.ts";

function capture(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    errIsTty: false,
    cwd: process.cwd(),
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
  };
  return io;
}

describe("main", () => {
  it.each([["--help"], ["-h"], ["help"]])("%s prints the usage and exits 0", async (flag) => {
    const io = capture();
    expect(await main([flag], io)).toBe(0);
    expect(io.stdout).toContain("Usage: fieldtest <command> [options]");
    for (const command of ["evaluate", "compare", "threshold", "drift"])
      expect(io.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    expect(io.stderr).toBe("");
  });

  it("without a command prints the usage on stderr and exits 2", async () => {
    const io = capture();
    expect(await main([], io)).toBe(2);
    expect(io.stderr).toContain("Usage: fieldtest <command>");
    expect(io.stdout).toBe("");
  });

  it("names an unknown command and exits 2", async () => {
    const io = capture();
    expect(await main(["evalute"], io)).toBe(2);
    expect(io.stderr).toContain('fieldtest: unknown command "evalute"');
    expect(io.stdout).toBe("");
  });

  it("dispatches drift (a missing file is bad input, not an unknown command)", async () => {
    const io = capture();
    expect(await main(["drift", "--reference", "no-such-a.csv", "--current", "b.csv"], io)).toBe(2);
    expect(io.stderr).toMatch(/^fieldtest drift: cannot read no-such-a\.csv: no such file/);
    expect(io.stdout).toBe("");
  });
});
