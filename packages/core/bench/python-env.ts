// Makes sure the reference interpreter (Debian's /usr/bin/python3 with scikit-learn, numpy
// and pandas) is there: installs the Debian packages when running as root, otherwise says
// exactly what to install and exits 2.
import { spawnSync } from "node:child_process";
import { aptEnvironment } from "./env.ts";

export const DEFAULT_PYTHON = "/usr/bin/python3";
const PACKAGES = ["python3-sklearn", "python3-pandas", "python3-scipy"];

export interface ReferenceVersions {
  python: string;
  numpy: string;
  pandas: string;
  sklearn: string;
  scipy: string;
}

function probe(python: string, script: string): ReferenceVersions | string {
  const run = spawnSync(python, [script, "versions"], { encoding: "utf8" });
  if (run.error) return `${python}: ${run.error.message}`;
  if (run.status !== 0) return (run.stderr.trim().split("\n").pop() ?? `exit ${run.status}`).trim();
  return JSON.parse(run.stdout) as ReferenceVersions;
}

function aptInstall(): boolean {
  const install = () =>
    spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...PACKAGES], {
      stdio: ["ignore", "inherit", "inherit"],
      env: aptEnvironment(),
    }).status === 0;
  if (install()) return true;
  // A fresh machine has no package lists yet.
  spawnSync("apt-get", ["update"], { stdio: ["ignore", "inherit", "inherit"], env: aptEnvironment() });
  return install();
}

export function ensureReferencePython(python: string, script: string): ReferenceVersions {
  const first = probe(python, script);
  if (typeof first !== "string") return first;
  process.stderr.write(`bench: the reference side cannot start (${first}).\n`);
  const isRoot = process.getuid?.() === 0;
  if (isRoot && python === DEFAULT_PYTHON) {
    process.stderr.write(`bench: installing ${PACKAGES.join(" ")} with apt-get (running as root)\n`);
    if (aptInstall()) {
      const second = probe(python, script);
      if (typeof second !== "string") return second;
      process.stderr.write(`bench: still cannot start after installing (${second}).\n`);
    }
  }
  process.stderr.write(
    [
      `bench: the reference side needs Debian's ${DEFAULT_PYTHON} with scikit-learn, scipy, numpy and pandas. Install them with:`,
      `  sudo apt-get install -y ${PACKAGES.join(" ")}`,
      "then run the bench again.",
      "",
    ].join("\n"),
  );
  process.exit(2);
}
