import http from "node:http";
import https from "node:https";
import { type AllowList, EMPTY_ALLOW_LIST, parseAllowList } from "../policy/allow-list.ts";
import { displayUrl } from "../policy/check-destination.ts";
import { type EndpointAuth, validateEndpointAuth } from "../secrets/endpoint-auth.ts";
import { type BackoffOptions, parseRetryAfter, retryDelayMs } from "./backoff.ts";
import {
  OutboundAborted,
  OutboundConnectionError,
  OutboundError,
  OutboundHttpError,
  OutboundRefused,
  OutboundResponseTooLarge,
  OutboundTimeout,
  redact,
} from "./errors.ts";
import { BodyTooLarge, type Exchange } from "./exchange.ts";
import { Semaphore } from "./semaphore.ts";
import {
  checkedUrl,
  type HopSettings,
  type Resolver,
  resolveChecked,
  sendFollowingRedirects,
  systemResolve,
} from "./send-following-redirects.ts";

export type { Resolver };

/** How one attempt ended, for metrics. */
export type CallOutcome =
  | "ok"
  | "http-error"
  | "retry"
  | "refused"
  | "timeout"
  | "connection-error"
  | "too-large"
  | "aborted";

/** What `onCall` receives after every attempt (host only: paths and queries may carry ids or keys). */
export interface OutboundCallRecord {
  host: string;
  method: string;
  /** HTTP status of the last response, if one arrived. */
  status?: number;
  ms: number;
  /** 1 for the first attempt. */
  attempt: number;
  outcome: CallOutcome;
}

export interface OutboundClientOptions {
  /** `FIELDTEST_OUTBOUND_ALLOW` as read by the caller's env module, or an already parsed list. */
  allow?: string | AllowList;
  /** Deadline of one attempt (DNS, connect, redirects, whole body). Default 30 s. */
  timeoutMs?: number;
  /** Extra attempts after a connection error, 5xx or 429. Default 2. */
  retries?: number;
  /** Requests in flight at once through this client. Default 8. */
  concurrency?: number;
  backoff?: Partial<BackoffOptions>;
  /** Redirects followed per attempt, each target checked again. Default 5. */
  maxRedirects?: number;
  /** Largest response body accepted. Default 32 MiB. */
  maxResponseBytes?: number;
  onCall?: (call: OutboundCallRecord) => void;
  /** Resolves a host name to every address (default: the system resolver, like any program). */
  resolve?: Resolver;
  /** Jitter source in [0, 1); tests pass a fixed one. */
  random?: () => number;
  userAgent?: string;
}

export interface OutboundRequest {
  url: string | URL;
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  body?: string | Uint8Array;
  /** The endpoint's secret header: sent, never logged, removed from every error message. */
  auth?: EndpointAuth;
  timeoutMs?: number;
  /** Overrides the client's retries for this call (e.g. 0 for a quick connection test). */
  retries?: number;
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Where the answer came from after redirects, without query string. */
  url: string;
  /** Duration of the attempt that answered: request start to last body byte, redirects included. */
  latencyMs: number;
  /** All attempts and waits between them. */
  totalMs: number;
  attempts: number;
  text(): string;
  /** The body parsed as JSON; an OutboundError naming the URL if it is not JSON. */
  json(): unknown;
}

export interface OutboundClient {
  request(request: OutboundRequest): Promise<OutboundResponse>;
  /**
   * The destination policy for a URL, DNS answers included, without calling it: for checking an
   * endpoint when it is registered. Throws OutboundRefused.
   */
  checkDestination(url: string | URL, signal?: AbortSignal): Promise<void>;
  readonly concurrency: number;
  readonly allow: AllowList;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

const RETRYABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
]);
const EXCERPT_CHARS = 300;

class TimeoutSignal extends Error {}

function httpHint(status: number): string | undefined {
  if (status === 401 || status === 403) return "check the endpoint's auth header and secret";
  if (status === 404) return "check the endpoint URL and model name";
  if (status === 413) return "the request is too large for the endpoint; lower the batch size";
  if (status === 429) return "the endpoint is rate limiting; lower the concurrency";
  if (status >= 500) return "the endpoint failed; its own logs say why";
  return undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The one guarded client for every outbound call (DESIGN.md "Model endpoints"): the destination
 * policy at call time, DNS answers checked and pinned, redirects followed by hand and re-checked,
 * a deadline per attempt, retries with backoff and jitter, a concurrency limit, a response cap.
 */
export function createOutboundClient(options: OutboundClientOptions = {}): OutboundClient {
  const allow = typeof options.allow === "string" ? parseAllowList(options.allow) : (options.allow ?? EMPTY_ALLOW_LIST);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 2;
  const maxRedirects = options.maxRedirects ?? 5;
  const maxResponseBytes = options.maxResponseBytes ?? 32 * 1024 * 1024;
  const backoff: BackoffOptions = { baseMs: 250, maxMs: 10_000, maxRetryAfterMs: 30_000, ...options.backoff };
  const resolve = options.resolve ?? systemResolve;
  const random = options.random ?? Math.random;
  const semaphore = new Semaphore(options.concurrency ?? 8);
  const agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };
  const settings: HopSettings = { allow, resolve, maxRedirects, maxResponseBytes, agents };

  async function request(req: OutboundRequest): Promise<OutboundResponse> {
    let url: URL;
    try {
      url = checkedUrl(req.url, allow);
    } catch (err) {
      let host = "";
      try {
        host = new URL(String(req.url)).host;
      } catch {}
      options.onCall?.({ host, method: (req.method ?? "GET").toUpperCase(), ms: 0, attempt: 1, outcome: "refused" });
      throw err;
    }
    const shown = displayUrl(url);
    const method = (req.method ?? (req.json !== undefined || req.body !== undefined ? "POST" : "GET")).toUpperCase();
    const headers: Record<string, string> = {
      "user-agent": options.userAgent ?? "fieldtest-outbound",
      accept: "application/json",
      ...req.headers,
    };
    let body: Uint8Array | undefined;
    if (req.json !== undefined) {
      body = Buffer.from(JSON.stringify(req.json));
      headers["content-type"] = "application/json";
    } else if (req.body !== undefined) {
      body = typeof req.body === "string" ? Buffer.from(req.body) : req.body;
    }
    const secrets: string[] = [];
    if (req.auth) {
      validateEndpointAuth(req.auth);
      headers[req.auth.header] = req.auth.secret;
      secrets.push(req.auth.secret);
    }
    const deadlineMs = req.timeoutMs ?? timeoutMs;
    const maxRetries = req.retries ?? retries;
    const started = performance.now();

    for (let attemptNo = 1; ; attemptNo++) {
      const release = await semaphore.acquire(req.signal).catch((err) => {
        throw new OutboundAborted(
          `the call to ${shown} was cancelled${err instanceof Error ? `: ${err.message}` : ""}`,
        );
      });
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new TimeoutSignal()), deadlineMs);
      const onCallerAbort = () => controller.abort(req.signal?.reason);
      req.signal?.addEventListener("abort", onCallerAbort, { once: true });
      const attemptStart = performance.now();
      const record = (outcome: CallOutcome, status?: number) =>
        options.onCall?.({
          host: url.host,
          method,
          status,
          ms: performance.now() - attemptStart,
          attempt: attemptNo,
          outcome,
        });
      let retryAfterMs: number | undefined;
      try {
        const answer = await sendFollowingRedirects(settings, {
          url,
          method,
          headers,
          body,
          auth: req.auth,
          signal: controller.signal,
        });
        const latencyMs = performance.now() - attemptStart;
        const retryable = answer.status >= 500 || answer.status === 429;
        if (answer.status >= 200 && answer.status < 300) {
          record("ok", answer.status);
          return response(answer, latencyMs, attemptNo);
        }
        const excerpt = redact(answer.body.subarray(0, 4 * EXCERPT_CHARS).toString("utf8"), secrets)
          .replace(/\s+/g, " ")
          .slice(0, EXCERPT_CHARS);
        const error = new OutboundHttpError(displayUrl(answer.url), answer.status, excerpt, httpHint(answer.status));
        if (!retryable || attemptNo > maxRetries) {
          record("http-error", answer.status);
          throw error;
        }
        record("retry", answer.status);
        const header = answer.headers["retry-after"];
        retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header, Date.now());
      } catch (err) {
        if (err instanceof OutboundHttpError) throw err; // recorded above
        if (err instanceof OutboundRefused) {
          record("refused");
          throw err;
        }
        if (err instanceof OutboundError) {
          record("http-error"); // e.g. a redirect loop
          throw err;
        }
        if (err instanceof TimeoutSignal || controller.signal.reason instanceof TimeoutSignal) {
          record("timeout");
          throw new OutboundTimeout(shown, deadlineMs);
        }
        if (req.signal?.aborted) {
          record("aborted");
          throw new OutboundAborted(`the call to ${shown} was cancelled`);
        }
        if (err instanceof BodyTooLarge) {
          record("too-large");
          throw new OutboundResponseTooLarge(shown, maxResponseBytes);
        }
        const code = (err as { code?: string }).code ?? "EUNKNOWN";
        const detail = redact(err instanceof Error ? err.message : String(err), secrets);
        if (!RETRYABLE_CODES.has(code) || attemptNo > maxRetries) {
          record("connection-error");
          const tried = attemptNo > 1 ? ` (after ${attemptNo} attempts)` : "";
          throw new OutboundConnectionError(shown, code, `${detail}${tried}`);
        }
        record("retry");
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener("abort", onCallerAbort);
        release();
      }
      const wait = retryDelayMs({ retry: attemptNo, retryAfterMs, options: backoff, random });
      await sleep(wait, req.signal).catch(() => {
        throw new OutboundAborted(`the call to ${shown} was cancelled`);
      });
    }

    function response(answer: Exchange & { url: URL }, latencyMs: number, attempts: number): OutboundResponse {
      const finalUrl = displayUrl(answer.url);
      return {
        status: answer.status,
        headers: answer.headers,
        body: answer.body,
        url: finalUrl,
        latencyMs,
        totalMs: performance.now() - started,
        attempts,
        text: () => answer.body.toString("utf8"),
        json: () => {
          try {
            return JSON.parse(answer.body.toString("utf8"));
          } catch {
            throw new OutboundError(`${finalUrl} answered HTTP ${answer.status} with a body that is not JSON`);
          }
        },
      };
    }
  }

  return {
    request,
    async checkDestination(url, signal) {
      const checked = checkedUrl(url, allow);
      try {
        await resolveChecked(checked, settings, signal ?? new AbortController().signal);
      } catch (err) {
        if (err instanceof OutboundError) throw err;
        const code = (err as { code?: string }).code ?? "ENOTFOUND";
        throw new OutboundConnectionError(displayUrl(checked), code, err instanceof Error ? err.message : String(err));
      }
    },
    concurrency: semaphore.limit,
    allow,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
