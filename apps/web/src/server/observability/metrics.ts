import "server-only";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** Seconds; a tRPC call or an upload request, from a cache hit to a 200 MB file. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface WebMetrics {
  registry: Registry;
  trpcDuration: Histogram<"procedure" | "type" | "outcome">;
  uploads: Counter<"route" | "status">;
  uploadDuration: Histogram<"route">;
}

export function createWebMetrics(): WebMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    trpcDuration: new Histogram({
      name: "fieldtest_web_trpc_duration_seconds",
      help: "tRPC procedure calls by procedure, type and outcome (ok or the tRPC error code)",
      labelNames: ["procedure", "type", "outcome"],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    uploads: new Counter({
      name: "fieldtest_web_upload_requests_total",
      help: "Upload route requests by route and HTTP status",
      labelNames: ["route", "status"],
      registers,
    }),
    uploadDuration: new Histogram({
      name: "fieldtest_web_upload_duration_seconds",
      help: "Upload route requests by route, from the request to the response (body streamed and stored)",
      labelNames: ["route"],
      buckets: DURATION_BUCKETS,
      registers,
    }),
  };
}

// On globalThis like the Prisma client: Next may evaluate this module once per route bundle and
// again on every dev reload, and all of them must count into the registry /api/metrics serves.
const globalForMetrics = globalThis as unknown as { fieldtestWebMetrics?: WebMetrics };

/** This server process's metrics, created on first use. */
export function webMetrics(): WebMetrics {
  globalForMetrics.fieldtestWebMetrics ??= createWebMetrics();
  return globalForMetrics.fieldtestWebMetrics;
}

/** Records one tRPC call; never throws (a metric must not change a procedure's result). */
export function recordProcedure(call: {
  path: string;
  type: string;
  /** "ok", or the tRPC error code the caller got. */
  outcome: string;
  seconds: number;
}): void {
  try {
    webMetrics().trpcDuration.observe({ procedure: call.path, type: call.type, outcome: call.outcome }, call.seconds);
  } catch {
    // Metrics are best effort.
  }
}

/**
 * The route label of an upload request: its path under /api/uploads/ ("datasets",
 * "datasets/inspect", "predictions"); only existing routes reach the handler, so the set stays
 * small. Anything unexpected is "other".
 */
export function uploadRoute(url: string): string {
  try {
    const path = new URL(url).pathname.replace(/\/+$/, "");
    const match = /^\/api\/uploads\/([a-z-]+(?:\/[a-z-]+){0,2})$/.exec(path);
    return match?.[1] ?? "other";
  } catch {
    return "other";
  }
}

/** Records one upload request's outcome; never throws. */
export function recordUpload(upload: { url: string; status: number; seconds: number }): void {
  try {
    const route = uploadRoute(upload.url);
    const metrics = webMetrics();
    metrics.uploads.inc({ route, status: String(upload.status) });
    metrics.uploadDuration.observe({ route }, upload.seconds);
  } catch {
    // Metrics are best effort.
  }
}
