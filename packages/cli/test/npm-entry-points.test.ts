import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { FIXTURES, REPO_ROOT } from "./helpers/run-fieldtest.ts";

function run(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.INIT_CWD;
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

// The ways issue 3 promises the CLI runs right after `npm ci`, with no build step.
describe("npm entry points", { timeout: 60_000, concurrent: true }, () => {
  it("npx fieldtest --help works from the repo root (the workspace bin link)", async () => {
    const { code, stdout } = await run("npx", ["--no-install", "fieldtest", "--help"], REPO_ROOT);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: fieldtest <command> [options]");
  });

  it("npm run --silent fieldtest -- evaluate prints only the result, with paths relative to the caller", async () => {
    // --prefix runs the root's script from another directory, as `npm run` from a subdirectory does:
    // npm starts the script at the root and passes the caller's directory in INIT_CWD.
    const { code, stdout, stderr } = await run(
      "npm",
      [
        "run",
        "--silent",
        "--prefix",
        REPO_ROOT,
        "fieldtest",
        "--",
        "evaluate",
        "--input",
        "mixed.csv",
        "--label",
        "y",
        "--score",
        "p",
        "--bootstrap",
        "0",
        "--json",
      ],
      FIXTURES,
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.task).toBe("binary");
    expect(report.n).toBe(240);
  });
});
