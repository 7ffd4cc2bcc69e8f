import { CliError, EXIT_BAD_INPUT } from "../cli-error.ts";
import { apiKeyFromEnv } from "../env.ts";
import { createStatusLine } from "../input/progress.ts";
import type { Io } from "../io.ts";
import { numberOption, parseCommand, requireString, usageError } from "../options/parse-options.ts";

export const GATE_USAGE = `Usage: fieldtest gate --url <server> --version <id|model@label> --benchmark <id|name> [options]
       fieldtest gate --url <server> --version <id|model@label> --readiness [--benchmark <b> --wait]

The deploy gate: judges a benchmark run of a model version against the readiness policy
of its task (the server computes the gates: GET /api/v1/evaluations/{id}/gate) and exits
with the verdict. The API key comes from FIELDTEST_API_KEY (scopes evaluate and read).

With --readiness, judges the version's readiness instead: its team's policy on all its
evidence, benchmark and shadow (GET /api/v1/model-versions/{id}/readiness), the verdict a
reviewer sees. With --benchmark and --wait too, a benchmark run is made first.

With --wait, starts a new run and waits for it (a progress bar on stderr when it is a
terminal). Without it, judges the latest succeeded run of the version on the benchmark;
when there is none, starts one and exits 3 (no evidence yet).

Options:
  --url <server>         the Fieldtest server, e.g. https://fieldtest.example.com
  --version <v>          a model version id, or model@label (e.g. churn@1.4.0)
  --benchmark <b>        a benchmark id, or a benchmark name (its latest version)
  --readiness            judge the version's readiness report (all evidence, team policy)
  --wait                 start a run and wait for it to finish
  --timeout <seconds>    give up waiting after this long (default 1800): exit 3
  --json                 print the gate result as one JSON document on stdout
  -h, --help             show this help

Exit codes: 0 ready, 1 not ready (a gate failed), 2 usage or input error (bad key,
unknown version or benchmark), 3 insufficient evidence, run failed, timeout, or the
server cannot be reached.
`;

export const EXIT_READY = 0;
export const EXIT_NOT_READY = 1;
export const EXIT_INSUFFICIENT = 3;

const OPTIONS = {
  url: { type: "string" },
  version: { type: "string" },
  benchmark: { type: "string" },
  wait: { type: "boolean" },
  readiness: { type: "boolean" },
  timeout: { type: "string" },
  "poll-interval": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

export interface GateResult {
  runId: string;
  status: string;
  verdict: "pass" | "fail" | "insufficient_evidence" | null;
  ready: boolean;
  task: string;
  summary: string;
  gates: {
    id: string;
    description: string;
    status: string;
    observed: number | null;
    interval: [number, number] | null;
    reason: string;
  }[];
}

/** The exit code of a gate result: 0 pass, 1 fail, 3 anything without a verdict. */
export function exitCodeOf(result: Pick<GateResult, "verdict">): number {
  if (result.verdict === "pass") return EXIT_READY;
  if (result.verdict === "fail") return EXIT_NOT_READY;
  return EXIT_INSUFFICIENT;
}

/** A small client of REST /api/v1: 4xx → exit 2 with the server's message, unreachable/5xx → exit 3. */
export class ApiClient {
  constructor(
    private readonly base: string,
    private readonly key: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, this.base), {
        method,
        headers: {
          authorization: `Bearer ${this.key}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new CliError(`cannot reach ${this.base}: ${(err as Error).message}`, EXIT_INSUFFICIENT);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === "" ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    if (response.ok) return json as T;
    const error = (json as { error?: { message?: string; field?: string } } | null)?.error;
    const detail = error?.message ?? `HTTP ${response.status}`;
    if (response.status >= 400 && response.status < 500) {
      throw new CliError(
        `${detail}${error?.field ? ` (${error.field})` : ""} [HTTP ${response.status}]`,
        EXIT_BAD_INPUT,
      );
    }
    throw new CliError(`the server failed: ${detail} [HTTP ${response.status}]`, EXIT_INSUFFICIENT);
  }
}

async function resolveVersion(api: ApiClient, version: string): Promise<string> {
  if (UUID.test(version)) return version;
  const at = version.lastIndexOf("@");
  if (at <= 0 || at === version.length - 1) {
    throw usageError("gate", `--version must be a version id or model@label, got ${JSON.stringify(version)}`);
  }
  const query = new URLSearchParams({ model: version.slice(0, at), version: version.slice(at + 1) });
  return (await api.request<{ id: string }>("GET", `/api/v1/model-versions?${query}`)).id;
}

async function resolveBenchmark(api: ApiClient, benchmark: string): Promise<string> {
  if (UUID.test(benchmark)) return benchmark;
  const query = new URLSearchParams({ name: benchmark });
  return (await api.request<{ id: string }>("GET", `/api/v1/benchmarks?${query}`)).id;
}

const startRun = async (api: ApiClient, modelVersionId: string, benchmarkId: string) =>
  (
    await api.request<{ runId: string }>("POST", "/api/v1/evaluations", {
      kind: "benchmark",
      modelVersionId,
      benchmarkId,
    })
  ).runId;

function bar(progress: number, width = 30): string {
  const fraction = Math.min(1, Math.max(0, Number.isFinite(progress) ? progress : 0));
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

async function waitForRun(options: {
  api: ApiClient;
  runId: string;
  io: Io;
  timeoutMs: number;
  pollMs: number;
}): Promise<{ status: string; error?: string }> {
  const { api, runId, io } = options;
  const status = createStatusLine({ write: io.err, isTTY: io.errIsTty });
  const deadline = Date.now() + options.timeoutMs;
  try {
    for (;;) {
      const run = await api.request<{ status: string; progress: number; error?: string }>(
        "GET",
        `/api/v1/evaluations/${runId}`,
      );
      status.show(`run ${runId.slice(0, 8)} ${bar(run.progress)} ${run.status}`);
      if (TERMINAL.has(run.status)) return run;
      if (Date.now() >= deadline) {
        throw new CliError(
          `run ${runId} is still ${run.status} after ${Math.round(options.timeoutMs / 1000)} s (--timeout)`,
          EXIT_INSUFFICIENT,
        );
      }
      await new Promise((done) => setTimeout(done, Math.min(options.pollMs, Math.max(0, deadline - Date.now()))));
    }
  } finally {
    status.clear();
  }
}

/** GET /api/v1/model-versions/{id}/readiness, as far as the gate reads it. */
export interface ReadinessAnswer {
  verdict: "ready" | "not_ready" | "insufficient_evidence";
  reportId: string;
  evaluatedAt: string;
  gates: { id: string; description: string; status: string; reason: string }[];
}

const READINESS_EXIT = { ready: EXIT_READY, not_ready: EXIT_NOT_READY, insufficient_evidence: EXIT_INSUFFICIENT };

function renderReadiness(answer: ReadinessAnswer, version: string): string {
  const verdict = { ready: "READY", not_ready: "NOT READY", insufficient_evidence: "INSUFFICIENT EVIDENCE" }[
    answer.verdict
  ];
  const lines = [`${verdict}: version ${version}, readiness report ${answer.reportId} (${answer.evaluatedAt})`];
  for (const gate of answer.gates) lines.push(`  ${gate.status.padEnd(21)} ${gate.description}: ${gate.reason}`);
  return `${lines.join("\n")}\n`;
}

function renderText(result: GateResult): string {
  const verdict =
    result.verdict === "pass" ? "READY" : result.verdict === "fail" ? "NOT READY" : "INSUFFICIENT EVIDENCE";
  const lines = [`${verdict}: run ${result.runId} (${result.task.replaceAll("_", " ")}) — ${result.summary}`];
  for (const gate of result.gates) lines.push(`  ${gate.status.padEnd(21)} ${gate.description}: ${gate.reason}`);
  return `${lines.join("\n")}\n`;
}

export async function gateCommand(argv: string[], io: Io, fetchImpl: typeof fetch = fetch): Promise<number> {
  const parsed = parseCommand({ command: "gate", argv, options: OPTIONS });
  if (parsed === "help") {
    io.out(GATE_USAGE);
    return 0;
  }
  const { values } = parsed;
  const url = requireString("gate", values, "url", "<server>");
  const versionArg = requireString("gate", values, "version", "<id|model@label>");
  const readiness = values.readiness === true;
  const benchmarkArg = readiness
    ? typeof values.benchmark === "string"
      ? values.benchmark
      : undefined
    : requireString("gate", values, "benchmark", "<id|name>");
  if (readiness && values.wait === true && benchmarkArg === undefined) {
    throw usageError("gate", "--readiness --wait needs --benchmark: the run to make before judging");
  }
  const timeout = numberOption(values, "timeout", 1800);
  if (!(timeout > 0)) throw usageError("gate", "--timeout must be a positive number of seconds");
  const pollSeconds = numberOption(values, "poll-interval", 2);
  if (!(pollSeconds > 0)) throw usageError("gate", "--poll-interval must be positive");
  try {
    const parsedUrl = new URL(url);
    if (parsedUrl.protocol !== "http:" && parsedUrl.protocol !== "https:") throw new Error("not http");
  } catch {
    throw usageError("gate", `--url must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  const key = apiKeyFromEnv();
  if (!key) throw new CliError("set FIELDTEST_API_KEY to an API key with the evaluate and read scopes");

  const api = new ApiClient(url, key, fetchImpl);
  const modelVersionId = await resolveVersion(api, versionArg);
  if (readiness) {
    if (values.wait === true && benchmarkArg !== undefined) {
      const benchmarkId = await resolveBenchmark(api, benchmarkArg);
      const runId = await startRun(api, modelVersionId, benchmarkId);
      const run = await waitForRun({ api, runId, io, timeoutMs: timeout * 1000, pollMs: pollSeconds * 1000 });
      if (run.status !== "succeeded") {
        throw new CliError(`run ${runId} ${run.status}${run.error ? `: ${run.error}` : ""}`, EXIT_INSUFFICIENT);
      }
    }
    const answer = await api.request<ReadinessAnswer>("GET", `/api/v1/model-versions/${modelVersionId}/readiness`);
    io.out(values.json === true ? `${JSON.stringify(answer)}\n` : renderReadiness(answer, versionArg));
    return READINESS_EXIT[answer.verdict] ?? EXIT_INSUFFICIENT;
  }
  const benchmarkId = await resolveBenchmark(api, benchmarkArg as string);

  let runId: string;
  if (values.wait === true) {
    runId = await startRun(api, modelVersionId, benchmarkId);
    const run = await waitForRun({ api, runId, io, timeoutMs: timeout * 1000, pollMs: pollSeconds * 1000 });
    if (run.status !== "succeeded") {
      throw new CliError(`run ${runId} ${run.status}${run.error ? `: ${run.error}` : ""}`, EXIT_INSUFFICIENT);
    }
  } else {
    const query = new URLSearchParams({ modelVersionId, benchmarkId, status: "succeeded" });
    const { evaluations } = await api.request<{ evaluations: { id: string }[] }>("GET", `/api/v1/evaluations?${query}`);
    const latest = evaluations[0];
    if (!latest) {
      const started = await startRun(api, modelVersionId, benchmarkId);
      throw new CliError(
        `no finished run of this version on this benchmark yet; started run ${started} (use --wait to wait for it)`,
        EXIT_INSUFFICIENT,
      );
    }
    runId = latest.id;
  }

  const result = await api.request<GateResult>("GET", `/api/v1/evaluations/${runId}/gate`);
  io.out(values.json === true ? `${JSON.stringify(result)}\n` : renderText(result));
  return exitCodeOf(result);
}
