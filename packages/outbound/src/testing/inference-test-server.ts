import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small, real Open Inference Protocol (V2) server for tests and e2e journeys: node:http on
 * 127.0.0.1 at a random port, serving logistic models with given coefficients. It also answers
 * http-json at POST /predict/{name}. Tests can make it fail, stall, redirect or answer in a bad
 * shape for the next N inference requests, and read how many requests were in flight at once.
 */

export interface LogisticModel {
  /** Weight per numeric input (FP64 tensor / JSON number or boolean). */
  coefficients: Record<string, number>;
  /** Weight per category of a string input: `{ city: { Seattle: 0.4 } }`; unknown categories weigh 0. */
  categories?: Record<string, Record<string, number>>;
  intercept?: number;
  /** Name of the output tensor (default "probability"). */
  outputName?: string;
  /** `n`: [n]; `n1`: [n, 1]; `n2`: [n, 2] with (1 − p, p) per row (default `n`). */
  outputShape?: "n" | "n1" | "n2";
  /** http-json answers: bare numbers (default) or `{ "probability": p }` objects. */
  httpJsonAnswer?: "numbers" | "objects";
}

export type BadAnswer =
  | "wrong-count"
  | "nan"
  | "out-of-range"
  | "bytes"
  | "no-outputs"
  | "shape-mismatch"
  | "three-columns"
  | "not-json";

export interface InferenceTestServerOptions {
  models: Record<string, LogisticModel>;
  /** Every request must carry this header with this value, or gets 401. */
  requireHeader?: { name: string; value: string };
}

export interface InferenceTestServer {
  /** `http://127.0.0.1:PORT` — the base URL of an open-inference-v2 endpoint. */
  url: string;
  port: number;
  stats: { requests: number; inferenceRequests: number; inFlight: number; maxInFlight: number; rows: number };
  /** Method, path and headers of every request, in arrival order. */
  log: { method: string; path: string; headers: http.IncomingHttpHeaders }[];
  /** The next `times` inference requests answer `status` (default 503), with Retry-After if given. */
  failNext(times: number, options?: { status?: number; retryAfter?: string; body?: string }): void;
  /** The next `times` inference requests have their connection destroyed without an answer. */
  dropNext(times: number): void;
  /** Every inference request waits this long before answering. */
  setDelay(ms: number): void;
  /** The next `times` requests (any route) are redirected to `location`. */
  redirectNext(location: string, options?: { status?: number; times?: number }): void;
  /** The next `times` inference requests answer 200 with a malformed body. */
  badAnswerNext(kind: BadAnswer, times?: number): void;
  /** The next inference request answers with a body of at least this many bytes (chunked unless told). */
  hugeAnswerNext(bytes: number, options?: { contentLength?: boolean }): void;
  /** The next `times` inference requests answer 500 echoing the request headers (to test redaction). */
  echoHeadersNext(times?: number): void;
  setReady(ready: boolean): void;
  resetStats(): void;
  close(): Promise<void>;
}

export function logisticScore(model: LogisticModel, record: Record<string, unknown>): number {
  let z = model.intercept ?? 0;
  for (const [name, w] of Object.entries(model.coefficients)) {
    const v = record[name];
    const x = typeof v === "boolean" ? Number(v) : v;
    if (typeof x !== "number" || !Number.isFinite(x)) throw new Error(`input "${name}" is missing or not a number`);
    z += w * x;
  }
  for (const [name, weights] of Object.entries(model.categories ?? {})) {
    const v = record[name];
    if (typeof v !== "string") throw new Error(`input "${name}" is missing or not a string`);
    z += weights[v] ?? 0;
  }
  return 1 / (1 + Math.exp(-z));
}

interface V2Input {
  name?: unknown;
  shape?: unknown;
  datatype?: unknown;
  data?: unknown;
}

/** Rows of a V2 request with one [n] or [n, 1] tensor per column. */
function recordsFromV2(body: unknown): Record<string, unknown>[] {
  const inputs = (body as { inputs?: unknown })?.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0) throw new Error("the request has no inputs");
  let n: number | undefined;
  const columns = new Map<string, unknown[]>();
  for (const input of inputs as V2Input[]) {
    if (typeof input.name !== "string" || !Array.isArray(input.shape) || !Array.isArray(input.data)) {
      throw new Error("each input needs name, shape and data");
    }
    const shape = input.shape as number[];
    if (
      input.datatype !== "FP64" &&
      input.datatype !== "FP32" &&
      input.datatype !== "BYTES" &&
      input.datatype !== "BOOL"
    ) {
      throw new Error(`input "${input.name}" has unsupported datatype ${String(input.datatype)}`);
    }
    const rows = shape[0];
    if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1)) || typeof rows !== "number") {
      throw new Error(`input "${input.name}" must have shape [n] or [n, 1], got [${shape.join(", ")}]`);
    }
    const data = (input.data as unknown[]).flat();
    if (data.length !== rows)
      throw new Error(`input "${input.name}" has ${data.length} values for shape [${shape.join(", ")}]`);
    if (n !== undefined && rows !== n) throw new Error("inputs have different row counts");
    n = rows;
    columns.set(input.name, data);
  }
  return Array.from({ length: n ?? 0 }, (_, i) => Object.fromEntries([...columns].map(([k, v]) => [k, v[i]])));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function badV2Answer(kind: BadAnswer, n: number, outputName: string): unknown {
  const tensor = (shape: number[], data: unknown[], datatype = "FP64") => ({
    model_name: "m",
    outputs: [{ name: outputName, datatype, shape, data }],
  });
  const half = Array.from({ length: n }, () => 0.5);
  switch (kind) {
    case "wrong-count":
      return tensor([n + 1], [...half, 0.5]);
    case "nan":
      return tensor(
        [n],
        half.map((v, i) => (i === n - 1 ? "NaN" : v)),
      );
    case "out-of-range":
      return tensor(
        [n],
        half.map((v, i) => (i === 0 ? 1.5 : v)),
      );
    case "bytes":
      return tensor([n], half.map(String), "BYTES");
    case "no-outputs":
      return { model_name: "m", outputs: [] };
    case "shape-mismatch":
      return tensor([n, 2], half);
    case "three-columns":
      return tensor([n, 3], [...half, ...half, ...half]);
    case "not-json":
      return "<html>gateway says hi</html>";
  }
}

export async function startInferenceTestServer(options: InferenceTestServerOptions): Promise<InferenceTestServer> {
  const stats = { requests: 0, inferenceRequests: 0, inFlight: 0, maxInFlight: 0, rows: 0 };
  const log: InferenceTestServer["log"] = [];
  let failures: { times: number; status: number; retryAfter?: string; body?: string } = { times: 0, status: 503 };
  let drops = 0;
  let delayMs = 0;
  let redirect: { location: string; status: number; times: number } | undefined;
  let bad: { kind: BadAnswer; times: number } | undefined;
  let huge = { bytes: 0, contentLength: false };
  let echoes = 0;
  let ready = true;

  const server = http.createServer(async (req, res) => {
    stats.requests++;
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    log.push({ method: req.method ?? "", path, headers: req.headers });
    const body = await readBody(req);
    if (redirect && redirect.times > 0) {
      redirect.times--;
      return send(res, redirect.status, "", { location: redirect.location });
    }
    const required = options.requireHeader;
    if (required && req.headers[required.name.toLowerCase()] !== required.value) {
      return send(res, 401, { error: `missing or wrong ${required.name} header` });
    }
    if (req.method === "GET") {
      if (path === "/v2/health/live") return send(res, 200, { live: true });
      if (path === "/v2/health/ready") return send(res, ready ? 200 : 503, { ready });
      if (path === "/v2") return send(res, 200, { name: "fieldtest-test-server", version: "1", extensions: [] });
      const meta = /^\/v2\/models\/([^/]+)(\/ready)?$/.exec(path);
      const model = meta ? options.models[decodeURIComponent(meta[1] as string)] : undefined;
      if (meta && model) {
        if (meta[2]) return send(res, 200, { name: meta[1], ready: true });
        const columns = model.outputShape === "n2" ? [-1, 2] : model.outputShape === "n1" ? [-1, 1] : [-1];
        return send(res, 200, {
          name: decodeURIComponent(meta[1] as string),
          versions: ["1"],
          platform: "fieldtest-test-logistic",
          inputs: [
            ...Object.keys(model.coefficients).map((name) => ({ name, datatype: "FP64", shape: [-1, 1] })),
            ...Object.keys(model.categories ?? {}).map((name) => ({ name, datatype: "BYTES", shape: [-1, 1] })),
          ],
          outputs: [{ name: model.outputName ?? "probability", datatype: "FP64", shape: columns }],
        });
      }
      return send(res, 404, { error: `no such route or model: ${path}` });
    }
    const route = /^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?\/infer$|^\/predict\/([^/]+)$/.exec(path);
    if (req.method !== "POST" || !route) return send(res, 404, { error: `no such route: ${req.method} ${path}` });
    const v2 = route[1] !== undefined;
    const name = decodeURIComponent((route[1] ?? route[2]) as string);
    const model = options.models[name];
    if (!model) return send(res, 404, { error: `model "${name}" not found` });

    stats.inferenceRequests++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      if (drops > 0) {
        drops--;
        req.socket.destroy();
        return;
      }
      if (failures.times > 0) {
        failures.times--;
        const headers: Record<string, string> = failures.retryAfter ? { "retry-after": failures.retryAfter } : {};
        return send(res, failures.status, failures.body ?? { error: "temporarily unavailable" }, headers);
      }
      if (echoes > 0) {
        echoes--;
        return send(res, 500, { error: "crashed", headers: req.headers });
      }
      if (huge.bytes > 0) {
        const size = huge.bytes;
        const declared = huge.contentLength;
        huge = { bytes: 0, contentLength: false };
        if (declared) return send(res, 200, `[${"0.5,".repeat(Math.ceil(size / 4))}0.5]`);
        // Chunked, without content-length: the client has to count while reading.
        res.writeHead(200, { "content-type": "application/json" });
        res.write("[0.5");
        for (let sent = 4; sent < size; sent += 4096) res.write(",0.5".repeat(1024));
        res.end("]");
        return;
      }
      let records: Record<string, unknown>[];
      let scores: number[];
      try {
        const parsed = JSON.parse(body) as unknown;
        if (!v2 && !Array.isArray(parsed)) throw new Error("expected a JSON array of records");
        records = v2 ? recordsFromV2(parsed) : (parsed as Record<string, unknown>[]);
        scores = records.map((r) => logisticScore(model, r));
      } catch (err) {
        return send(res, 400, { error: err instanceof Error ? err.message : String(err) });
      }
      stats.rows += records.length;
      const outputName = model.outputName ?? "probability";
      if (bad && bad.times > 0) {
        bad.times--;
        return send(res, 200, badV2Answer(bad.kind, records.length, outputName));
      }
      if (!v2) {
        return send(res, 200, model.httpJsonAnswer === "objects" ? scores.map((p) => ({ probability: p })) : scores);
      }
      const n = scores.length;
      const output =
        model.outputShape === "n2"
          ? { shape: [n, 2], data: scores.flatMap((p) => [1 - p, p]) }
          : { shape: model.outputShape === "n1" ? [n, 1] : [n], data: scores };
      return send(res, 200, {
        model_name: name,
        model_version: "1",
        outputs: [{ name: outputName, datatype: "FP64", ...output }],
      });
    } finally {
      stats.inFlight--;
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    log,
    failNext(times, o = {}) {
      failures = { times, status: o.status ?? 503, retryAfter: o.retryAfter, body: o.body };
    },
    dropNext(times) {
      drops = times;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    redirectNext(location, o = {}) {
      redirect = { location, status: o.status ?? 307, times: o.times ?? 1 };
    },
    badAnswerNext(kind, times = 1) {
      bad = { kind, times };
    },
    hugeAnswerNext(bytes, o = {}) {
      huge = { bytes, contentLength: o.contentLength ?? false };
    },
    echoHeadersNext(times = 1) {
      echoes = times;
    },
    setReady(value) {
      ready = value;
    },
    resetStats() {
      Object.assign(stats, { requests: 0, inferenceRequests: 0, inFlight: 0, maxInFlight: 0, rows: 0 });
      log.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
