// `npm run bench` (packages/core): @fieldtest/core against scikit-learn/numpy/pandas on this
// machine, side by side in one run, on the same seeded data (issue 3, "Proof"). Prints a table
// of medians with n and reps, the ratio TS/reference, the target and PASS/FAIL per row, then
// exactly what each row times. A measurement, not a test: exit 0 even when a row fails.
// Run: npm run bench -w @fieldtest/core -- [--quick] [--json FILE] (see options.ts).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchContext, prepareData } from "./context.ts";
import { gcAvailable } from "./measure.ts";
import { parseOptions, USAGE } from "./options.ts";
import { planFor } from "./plan.ts";
import { ensureReferencePython } from "./python-env.ts";
import { ReferenceClient } from "./reference-client.ts";
import { legend, resultTable, summary } from "./report.ts";
import { type RowResult, skippedRow } from "./row-result.ts";
import { SECTIONS, type Section } from "./rows/index.ts";
import { formatCount } from "./stats.ts";

const benchDir = dirname(fileURLToPath(import.meta.url));
const referenceScript = join(benchDir, "reference.py");

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/**
 * A section that throws (e.g. the CLI crashing on a half-finished change elsewhere in the
 * tree) becomes one skipped row with the reason, so the other rows still print.
 */
async function runSection(section: Section, ctx: BenchContext): Promise<RowResult[]> {
  try {
    return await section.run(ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = `section failed: ${message.split("\n").slice(0, 3).join(" | ")}`;
    const spec = { id: String(section.number), name: section.title, tsTimes: "—", referenceTimes: "—", n: 0 };
    return [skippedRow({ ...spec, target: null }, reason)];
  }
}

/** Which code was measured: the commit, and how many files under core and cli differ from it. */
function codeVersion(): string {
  const git = (args: string[]) => spawnSync("git", args, { cwd: benchDir, encoding: "utf8" }).stdout?.trim() ?? "";
  const head = git(["rev-parse", "--short", "HEAD"]);
  if (head === "") return "not a git checkout";
  const changed = git(["status", "--porcelain", "--", "../src", "../../cli/src"]).split("\n").filter(Boolean).length;
  return `git ${head}${changed > 0 ? ` + ${changed} uncommitted changes under packages/core/src and packages/cli/src` : " (clean)"}`;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadAtStart = load();
  const versions = ensureReferencePython(options.python, referenceScript);
  const plan = planFor(options.quick);
  const cpu = cpus();
  const header = [
    `fieldtest core bench — ${plan.mode} run, ${startedAt}`,
    `machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average at start (1/5/15 min): ${loadAtStart}`,
    `code: ${codeVersion()}`,
    `TS: node ${process.version}${gcAvailable() ? "" : " (no --expose-gc: repetitions are not preceded by a GC)"}; reference: ${options.python} ${versions.python}, scikit-learn ${versions.sklearn}, scipy ${versions.scipy}, numpy ${versions.numpy}, pandas ${versions.pandas}`,
    `method: warm-up ${plan.warmup} + reps per side, interleaved TS, ref, TS, ref…; medians; ratio = TS median / reference median; PASS when ratio ≤ target`,
    "CPU ratio (not judged): the same with CPU time (user + system) of the measuring process, in-process rows only; steadier than wall time when other processes share the cores",
  ];
  if (plan.mode === "quick")
    header.push("QUICK MODE: smaller n than the issue's targets; verdicts are indicative only");
  process.stdout.write(`${header.join("\n")}\n\n`);

  const tmpDir = mkdtempSync(join(tmpdir(), "fieldtest-bench-"));
  const reference = new ReferenceClient(options.python, referenceScript);
  const results: RowResult[] = [];
  try {
    process.stderr.write(`bench: generating data (suite n = ${formatCount(plan.sizes.suite)}) in ${tmpDir}\n`);
    const data = await prepareData(plan, tmpDir, reference);
    const ctx: BenchContext = { plan, data, reference, python: options.python, referenceScript, benchDir, tmpDir };
    for (const section of SECTIONS) {
      if (options.only !== null && !options.only.includes(section.number)) continue;
      const sectionStart = performance.now();
      process.stderr.write(`bench: ${section.number}. ${section.title}…`);
      results.push(...(await runSection(section, ctx)));
      process.stderr.write(` ${((performance.now() - sectionStart) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    reference.close();
    rmSync(tmpDir, { recursive: true, force: true });
  }

  const totalSeconds = (performance.now() - started) / 1000;
  const loadAtEnd = load();
  const out = [
    resultTable(results),
    "",
    "what each row times:",
    legend(results),
    "",
    summary(results),
    `total run time ${totalSeconds.toFixed(1)} s; load average at end: ${loadAtEnd}`,
  ];
  process.stdout.write(`${out.join("\n")}\n`);
  if (options.jsonFile !== null) {
    const json = { startedAt, mode: plan.mode, loadAtStart, loadAtEnd, versions, plan, totalSeconds, results };
    writeFileSync(options.jsonFile, `${JSON.stringify(json, null, 2)}\n`);
    process.stderr.write(`bench: results saved to ${options.jsonFile}\n`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
