import { type CallOutcome, createOutboundClient, type OutboundClient } from "@fieldtest/outbound";
import { type OutboundOutcome, recordOutboundCall } from "../observability/metrics.ts";

/** The client's attempt outcomes in the metric's words (`fieldtest_outbound_call_duration_seconds`). */
const METRIC_OUTCOME: Record<CallOutcome, OutboundOutcome> = {
  ok: "ok",
  "http-error": "http_error",
  retry: "http_error",
  refused: "refused",
  timeout: "timeout",
  "connection-error": "network_error",
  "too-large": "http_error",
  aborted: "network_error",
};

export interface LazyOutboundClient {
  /** The client, created on the first endpoint run (a worker that never calls an endpoint opens nothing). */
  get: () => OutboundClient;
  /** Closes the client's idle sockets, if it was ever created. */
  close: () => void;
}

/**
 * The worker's one guarded outbound client (DESIGN.md "Model endpoints"): timeouts, retries with
 * backoff, a concurrency limit and the destination policy, with loopback and private addresses
 * allowed only as `FIELDTEST_OUTBOUND_ALLOW` lists them.
 */
export function lazyOutboundClient(options: { allow: string; maxRedirects?: number }): LazyOutboundClient {
  let client: OutboundClient | undefined;
  return {
    get: () => {
      client ??= createOutboundClient({
        allow: options.allow,
        ...(options.maxRedirects !== undefined ? { maxRedirects: options.maxRedirects } : {}),
        onCall: (call) => recordOutboundCall({ host: call.host, ms: call.ms, outcome: METRIC_OUTCOME[call.outcome] }),
      });
      return client;
    },
    close: () => client?.close(),
  };
}
