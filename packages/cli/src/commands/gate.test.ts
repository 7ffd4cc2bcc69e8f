import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fieldtest } from "../../test/helpers/run-fieldtest.ts";
import type { Io } from "../io.ts";
import { exitCodeOf, type GateResult, gateCommand } from "./gate.ts";

/**
 * `fieldtest gate` against a small node:http server that answers with the JSON shapes of the
 * REST /api/v1 routes (apps/web/src/server/rest/rest-api.int.test.ts checks those shapes on the
 * real route handlers; running Next here would be too heavy).
 */

const KEY = "ft_testkeytestkeytestkeytestkeytestkeytestkey0";
const VERSION = "11111111-1111-4111-8111-111111111111";
const BENCHMARK = "22222222-2222-4222-8222-222222222222";
const RUN = "33333333-3333-4333-8333-333333333333";
const OLD_RUN = "44444444-4444-4444-8444-444444444444";

type Verdict = GateResult["verdict"];
const state = {
  verdict: "pass" as Verdict,
  readiness: "ready" as "ready" | "not_ready" | "insufficient_evidence",
  finalStatus: "succeeded",
  pollsBeforeDone: 2,
  polls: 0,
  succeededRuns: [] as { id: string }[],
  posted: [] as unknown[],
  seen: [] as string[],
};

function gateBody(runId: string): GateResult {
  return {
    runId,
    status: "succeeded",
    verdict: state.verdict,
    ready: state.verdict === "pass",
    task: "binary_classification",
    summary: "1 pass · 0 fail · 1 insufficient",
    gates: [
      {
        id: "benchmark-roc-auc",
        description: "benchmark roc_auc ≥ 0.7 at 95% confidence",
        status: state.verdict ?? "insufficient_evidence",
        observed: 0.85,
        interval: [0.8, 0.9],
        reason: "interval [0.8, 0.9] lies entirely above 0.7",
      },
    ],
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function handler(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://x");
  state.seen.push(`${req.method} ${url.pathname}${url.search}`);
  if (req.headers.authorization !== `Bearer ${KEY}`) {
    return send(res, 401, {
      error: { code: "UNAUTHENTICATED", message: "The API key is not valid", field: "authorization" },
    });
  }
  let body = "";
  for await (const chunk of req) body += chunk;
  const route = `${req.method} ${url.pathname}`;
  if (route === "GET /api/v1/model-versions") {
    if (url.searchParams.get("model") === "churn" && url.searchParams.get("version") === "1.0.0") {
      return send(res, 200, {
        id: VERSION,
        version: "1.0.0",
        stage: "candidate",
        model: { id: "m", name: "churn", task: "binary_classification" },
      });
    }
    return send(res, 404, { error: { code: "NOT_FOUND", message: "Model version not found", field: "version" } });
  }
  if (route === "GET /api/v1/benchmarks") {
    if (url.searchParams.get("name") === "holdout")
      return send(res, 200, { id: BENCHMARK, name: "holdout", version: 3 });
    return send(res, 404, { error: { code: "NOT_FOUND", message: "Benchmark not found", field: "name" } });
  }
  if (route === "POST /api/v1/evaluations") {
    state.posted.push(JSON.parse(body));
    return send(res, 202, { runId: RUN });
  }
  if (route === "GET /api/v1/evaluations") return send(res, 200, { evaluations: state.succeededRuns });
  if (route === `GET /api/v1/evaluations/${RUN}`) {
    state.polls++;
    const done = state.polls > state.pollsBeforeDone;
    return send(res, 200, {
      id: RUN,
      status: done ? state.finalStatus : "running",
      progress: done ? 1 : state.polls / (state.pollsBeforeDone + 1),
      metrics: {},
      ...(done && state.finalStatus === "failed" ? { error: "the endpoint answered 500" } : {}),
    });
  }
  if (route === `GET /api/v1/model-versions/${VERSION}/readiness`) {
    return send(res, 200, {
      modelVersionId: VERSION,
      verdict: state.readiness,
      reportId: "55555555-5555-4555-8555-555555555555",
      evaluatedAt: "2026-11-27T00:00:00.000Z",
      counts: { pass: 1, fail: 0, insufficient_evidence: 0, total: 1 },
      gates: [{ id: "gap-roc-auc", description: "gap roc_auc ≤ 0.05", status: "pass", reason: "interval below 0.05" }],
      history: [],
    });
  }
  const gate = /^GET \/api\/v1\/evaluations\/([0-9a-f-]+)\/gate$/.exec(route);
  if (gate?.[1]) return send(res, 200, gateBody(gate[1]));
  if (route === "GET /api/v1/boom") return send(res, 500, { error: { code: "INTERNAL", message: "x" } });
  return send(res, 404, { error: { code: "NOT_FOUND", message: "no route" } });
}

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

afterEach(() => {
  vi.unstubAllEnvs();
  Object.assign(state, {
    verdict: "pass",
    readiness: "ready",
    finalStatus: "succeeded",
    pollsBeforeDone: 2,
    polls: 0,
    succeededRuns: [],
    posted: [],
    seen: [],
  });
});

function captureIo(tty = false): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out: (t: string) => {
      io.stdout += t;
    },
    err: (t: string) => {
      io.stderr += t;
    },
    errIsTty: tty,
    cwd: process.cwd(),
  };
  return io;
}

async function gate(args: string[], options: { key?: string | null; tty?: boolean } = {}) {
  vi.stubEnv("FIELDTEST_API_KEY", options.key === null ? "" : (options.key ?? KEY));
  const io = captureIo(options.tty);
  const code = await gateCommand(args, io).catch((err: { exitCode?: number; message: string }) => {
    io.stderr += err.message;
    return err.exitCode ?? -1;
  });
  return { code, ...io };
}

describe("exitCodeOf", () => {
  it.each([
    ["pass", 0],
    ["fail", 1],
    ["insufficient_evidence", 3],
    [null, 3],
  ] as const)("%s → %i", (verdict, code) => {
    expect(exitCodeOf({ verdict })).toBe(code);
  });
});

describe("fieldtest gate --wait", () => {
  const args = () => [
    "--url",
    url,
    "--version",
    "churn@1.0.0",
    "--benchmark",
    "holdout",
    "--wait",
    "--poll-interval",
    "0.01",
  ];

  it.each([
    ["pass", 0, /^READY/],
    ["fail", 1, /^NOT READY/],
    ["insufficient_evidence", 3, /^INSUFFICIENT EVIDENCE/],
  ] as const)("starts a run, waits, prints the gates: %s → exit %i", async (verdict, code, text) => {
    state.verdict = verdict;
    const result = await gate(args());
    expect(result.code).toBe(code);
    expect(result.stdout).toMatch(text);
    expect(result.stdout).toContain("benchmark roc_auc ≥ 0.7");
    expect(state.posted).toEqual([{ kind: "benchmark", modelVersionId: VERSION, benchmarkId: BENCHMARK }]);
    expect(state.polls).toBe(3);
    // Not a terminal: no progress bar, no control characters.
    expect(result.stderr).toBe("");
  });

  it("draws a progress bar on a terminal and erases it", async () => {
    const result = await gate(args(), { tty: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("[");
    expect(result.stderr).toContain("running");
    expect(result.stderr.endsWith("\r\x1b[K")).toBe(true);
  });

  it("--json prints the server's gate document", async () => {
    const result = await gate([...args(), "--json"]);
    expect(JSON.parse(result.stdout)).toEqual(gateBody(RUN));
  });

  it("a failed run is exit 3 with its error", async () => {
    state.finalStatus = "failed";
    const result = await gate(args());
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the endpoint answered 500");
  });

  it("a run still going at --timeout is exit 3", async () => {
    state.pollsBeforeDone = 1_000_000;
    const result = await gate([...args(), "--timeout", "0.05"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("--timeout");
  });
});

describe("fieldtest gate without --wait", () => {
  it("judges the latest succeeded run of the version on the benchmark", async () => {
    state.succeededRuns = [{ id: OLD_RUN }];
    const result = await gate(["--url", url, "--version", VERSION, "--benchmark", BENCHMARK]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(OLD_RUN);
    expect(state.posted).toEqual([]);
  });

  it("with no finished run, starts one and exits 3", async () => {
    const result = await gate(["--url", url, "--version", VERSION, "--benchmark", BENCHMARK]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(RUN);
    expect(state.posted).toHaveLength(1);
  });
});

describe("usage and input errors", () => {
  it.each([
    ["a missing --url", ["--version", VERSION, "--benchmark", BENCHMARK], 2, "--url"],
    ["a bad --url", ["--url", "ftp://x", "--version", VERSION, "--benchmark", BENCHMARK], 2, "--url"],
    [
      "a --version that is neither id nor model@label",
      ["--url", "URL", "--version", "churn", "--benchmark", BENCHMARK],
      2,
      "model@label",
    ],
    [
      "an unknown version",
      ["--url", "URL", "--version", "churn@9", "--benchmark", BENCHMARK],
      2,
      "Model version not found",
    ],
    ["an unknown benchmark", ["--url", "URL", "--version", VERSION, "--benchmark", "nope"], 2, "Benchmark not found"],
    [
      "a bad --timeout",
      ["--url", "URL", "--version", VERSION, "--benchmark", BENCHMARK, "--timeout", "0"],
      2,
      "--timeout",
    ],
  ])("%s → exit %i", async (_, args, code, message) => {
    const result = await gate(args.map((a) => (a === "URL" ? url : a)));
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });

  it("no FIELDTEST_API_KEY → exit 2", async () => {
    const result = await gate(["--url", url, "--version", VERSION, "--benchmark", BENCHMARK], { key: null });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("FIELDTEST_API_KEY");
  });

  it("a key the server refuses → exit 2 with the server's message", async () => {
    const result = await gate(["--url", url, "--version", VERSION, "--benchmark", BENCHMARK], { key: "ft_wrong" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("The API key is not valid");
  });

  it("an unreachable server → exit 3", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const result = await gate(["--url", `http://127.0.0.1:${port}`, "--version", VERSION, "--benchmark", BENCHMARK]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("cannot reach");
  });
});

describe("the fieldtest binary", () => {
  it("exits with the verdict's code, as a pipeline sees it", async () => {
    state.verdict = "fail";
    state.succeededRuns = [{ id: OLD_RUN }];
    const result = await fieldtest(["gate", "--url", url, "--version", "churn@1.0.0", "--benchmark", BENCHMARK], {
      env: { FIELDTEST_API_KEY: KEY },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^NOT READY/);
    const unreachable = await fieldtest(
      ["gate", "--url", "http://127.0.0.1:9", "--version", VERSION, "--benchmark", BENCHMARK],
      {
        env: { FIELDTEST_API_KEY: KEY },
      },
    );
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("fieldtest gate --readiness", () => {
  it.each([
    ["ready", 0, "READY"],
    ["not_ready", 1, "NOT READY"],
    ["insufficient_evidence", 3, "INSUFFICIENT EVIDENCE"],
  ] as const)("exits with the readiness verdict %s → %i", async (verdict, code, word) => {
    vi.stubEnv("FIELDTEST_API_KEY", KEY);
    state.readiness = verdict;
    const io = captureIo();
    expect(await gateCommand(["--url", url, "--version", "churn@1.0.0", "--readiness"], io)).toBe(code);
    expect(io.stdout.startsWith(`${word}: version churn@1.0.0, readiness report 55555555`)).toBe(true);
    expect(io.stdout).toContain("gap roc_auc");
    expect(state.posted).toEqual([]);
  });

  it("makes the benchmark run first with --benchmark --wait, and needs --benchmark for --wait", async () => {
    vi.stubEnv("FIELDTEST_API_KEY", KEY);
    const io = captureIo();
    expect(
      await gateCommand(
        [
          "--url",
          url,
          "--version",
          VERSION,
          "--readiness",
          "--benchmark",
          "holdout",
          "--wait",
          "--poll-interval",
          "0.01",
          "--json",
        ],
        io,
      ),
    ).toBe(0);
    expect(state.posted).toEqual([{ kind: "benchmark", modelVersionId: VERSION, benchmarkId: BENCHMARK }]);
    expect(JSON.parse(io.stdout)).toMatchObject({ verdict: "ready" });
    await expect(
      gateCommand(["--url", url, "--version", VERSION, "--readiness", "--wait"], captureIo()),
    ).rejects.toThrow(/needs --benchmark/);
  });
});
