import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { metricsAccess } from "./access.ts";
import type { WorkerMetrics } from "./metrics.ts";
import { type CountedQueue, refreshQueueGauges } from "./queue-gauges.ts";
import { checkReadiness, type ReadinessCheck } from "./readiness.ts";

/** How long a readiness check or a queue's job counts may take before they count as failed. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

export interface ObservabilityServerOptions {
  /** Interface to bind (FIELDTEST_WORKER_METRICS_HOST, 127.0.0.1 by default). */
  host: string;
  /** Port (FIELDTEST_WORKER_METRICS_PORT); 0 picks a free one. */
  port: number;
  metrics: WorkerMetrics;
  /** Queues whose job counts /metrics reads on each scrape. */
  queues: readonly CountedQueue[];
  /** What /readyz checks (Redis, Postgres). */
  readiness: readonly ReadinessCheck[];
  /** FIELDTEST_METRICS_TOKEN: lets non-loopback callers read /metrics with `Authorization: Bearer`. */
  token?: string;
  checkTimeoutMs?: number;
}

export interface ObservabilityServer {
  /** http://host:port of the server as bound. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const errorName = (err: unknown) => (err instanceof Error ? err.name : typeof err);

function send(res: ServerResponse, status: number, body: string, contentType: string, head: boolean): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(head ? undefined : body);
}

function json(res: ServerResponse, status: number, body: unknown, head: boolean, headers: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  send(res, status, JSON.stringify(body), "application/json; charset=utf-8", head);
}

/**
 * The worker's operations endpoints on node:http:
 * GET /healthz — the process is alive (200);
 * GET /readyz  — Redis and Postgres answer (200) or not (503, naming which), as JSON;
 * GET /metrics — Prometheus text: queue gauges read on each scrape, job and outbound-call
 *                histograms, failures, process metrics. Loopback callers, or a bearer token.
 */
export async function startObservabilityServer(options: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const { metrics, queues, readiness, token } = options;
  const timeoutMs = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "http://worker").pathname;
    const head = req.method === "HEAD";
    if (req.method !== "GET" && !head) {
      json(res, 405, { error: "only GET and HEAD" }, false, { allow: "GET, HEAD" });
      return;
    }
    if (path === "/healthz") {
      json(res, 200, { status: "ok" }, head);
      return;
    }
    if (path === "/readyz") {
      const { ready, checks } = await checkReadiness(readiness, timeoutMs);
      json(res, ready ? 200 : 503, { status: ready ? "ready" : "unavailable", checks }, head);
      return;
    }
    if (path === "/metrics") {
      const access = metricsAccess({
        remoteAddress: req.socket.remoteAddress,
        authorization: req.headers.authorization,
        token,
      });
      if (access === "unauthorized") {
        json(res, 401, { error: "send Authorization: Bearer <FIELDTEST_METRICS_TOKEN>" }, head, {
          "www-authenticate": 'Bearer realm="fieldtest-metrics"',
        });
        return;
      }
      if (access === "forbidden") {
        json(
          res,
          403,
          { error: "metrics are served to loopback callers only unless FIELDTEST_METRICS_TOKEN is set" },
          head,
        );
        return;
      }
      await refreshQueueGauges({ metrics, queues, timeoutMs });
      send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType, head);
      return;
    }
    json(res, 404, { error: "not found: try /healthz, /readyz or /metrics" }, head);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: `internal error (${errorName(err)})` }, false);
      else res.destroy();
    });
  });
  // A probe must not keep the process alive or hold a shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port, family } = server.address() as AddressInfo;
  const host = family === "IPv6" ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
