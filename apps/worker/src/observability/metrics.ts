import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Seconds; from a millisecond no-op job up to a long benchmark run. */
const JOB_DURATION_BUCKETS = [0.005, 0.025, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
/** Seconds; one call to a model endpoint, up to a slow batch. */
const OUTBOUND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** How one outbound call to a model endpoint ended. */
export type OutboundOutcome = "ok" | "http_error" | "timeout" | "network_error" | "refused";
const OUTBOUND_OUTCOMES: ReadonlySet<string> = new Set<OutboundOutcome>([
  "ok",
  "http_error",
  "timeout",
  "network_error",
  "refused",
]);

export interface WorkerMetrics {
  registry: Registry;
  /** Jobs per queue and BullMQ state (waiting, active, delayed, completed, failed, …), read on scrape. */
  queueJobs: Gauge<"queue" | "state">;
  /** Jobs not started yet per queue: waiting (incl. prioritized) + delayed, read on scrape. */
  queueDepth: Gauge<"queue">;
  /** Scrapes whose job counts could not be read from Redis. */
  queueScrapeErrors: Counter<"queue">;
  /** One processing attempt, from the worker taking the job to its completion or failure. */
  jobDuration: Histogram<"queue" | "outcome">;
  /** Failed attempts by reason class (see failureReason). */
  jobFailures: Counter<"queue" | "reason">;
  /** Calls to model endpoints, by host and outcome. */
  outboundCallDuration: Histogram<"host" | "outcome">;
}

/** The worker's metrics on a registry of their own, with prom-client's process metrics. */
export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    queueJobs: new Gauge({
      name: "fieldtest_queue_jobs",
      help: "Jobs per queue and state, read from Redis on each scrape",
      labelNames: ["queue", "state"],
      registers,
    }),
    queueDepth: new Gauge({
      name: "fieldtest_queue_depth",
      help: "Jobs not started yet per queue (waiting, prioritized and delayed), read from Redis on each scrape",
      labelNames: ["queue"],
      registers,
    }),
    queueScrapeErrors: new Counter({
      name: "fieldtest_queue_scrape_errors_total",
      help: "Scrapes whose job counts could not be read from Redis",
      labelNames: ["queue"],
      registers,
    }),
    jobDuration: new Histogram({
      name: "fieldtest_job_duration_seconds",
      help: "Processing time of one job attempt in this worker, active to completed or failed",
      labelNames: ["queue", "outcome"],
      buckets: JOB_DURATION_BUCKETS,
      registers,
    }),
    jobFailures: new Counter({
      name: "fieldtest_job_failures_total",
      help: "Failed job attempts per queue and reason class (unrecoverable, stalled, lock_lost, error)",
      labelNames: ["queue", "reason"],
      registers,
    }),
    outboundCallDuration: new Histogram({
      name: "fieldtest_outbound_call_duration_seconds",
      help: "Calls to model endpoints by destination host and outcome (ok, http_error, timeout, network_error, refused)",
      labelNames: ["host", "outcome"],
      buckets: OUTBOUND_BUCKETS,
      registers,
    }),
  };
}

let processMetrics: WorkerMetrics | undefined;

/** This process's metrics, created on first use: what /metrics serves and what the run code records into. */
export function workerMetrics(): WorkerMetrics {
  processMetrics ??= createWorkerMetrics();
  return processMetrics;
}

export interface OutboundCall {
  /** The endpoint's host (as in its URL, port included when not the default). */
  host: string;
  /** Wall time of the call, retries not included: one attempt is one call. */
  ms: number;
  outcome: OutboundOutcome;
}

/**
 * Records one call to a model endpoint (the outbound client calls it once per attempt). Never
 * throws: a metric must not fail a run. An unknown outcome is counted as "network_error" rather
 * than growing the label set.
 */
export function recordOutboundCall(call: OutboundCall, metrics: WorkerMetrics = workerMetrics()): void {
  const seconds = Number.isFinite(call.ms) && call.ms >= 0 ? call.ms / 1_000 : 0;
  const outcome = OUTBOUND_OUTCOMES.has(call.outcome) ? call.outcome : "network_error";
  const host = call.host.trim().toLowerCase() || "unknown";
  metrics.outboundCallDuration.observe({ host, outcome }, seconds);
}
