import { type BenchmarkProtocol, taskLabel } from "@fieldtest/core";
import { type AppError, badInput } from "../errors.ts";
import type { RunEndpoint } from "./endpoint-config.ts";

/**
 * Whether this build of Fieldtest can call remote endpoints (open-inference-v2, http-json):
 * the worker scores them through the guarded outbound client.
 */
export const ENDPOINT_RUNS_AVAILABLE = true;

export interface RunnableInput {
  protocol: BenchmarkProtocol;
  endpoint: RunEndpoint;
  /** "Benchmark churn v3", for messages. */
  benchmark: string;
  /** "Version 1.2.0", for messages. */
  version: string;
}

/**
 * Why a benchmark run of this protocol on this endpoint cannot be executed, as the BAD_INPUT
 * error naming the field to change; null when it can. Checked when a run is created or re-run
 * (nothing is queued that the worker would refuse) and again by the worker before it reads any
 * data (a config frozen by an older or newer web app).
 */
export function runRefusal(input: RunnableInput): AppError | null {
  const { protocol, endpoint, benchmark, version } = input;
  if (protocol.task !== "binary_classification") {
    return badInput(
      "benchmarkId",
      `${benchmark} is a ${taskLabel(protocol.task)} benchmark; runs of ${taskLabel(protocol.task)} benchmarks are not supported yet`,
    );
  }
  if (endpoint.kind === "offline" && protocol.stress.length > 0) {
    const names = protocol.stress.map((s) => `"${s.name}"`).join(", ");
    return badInput(
      "stress",
      `${benchmark} has stress scenarios (${names}), which re-score perturbed test features: that needs a model Fieldtest can call. ${version} is offline (uploaded predictions), so it cannot be stressed; run a benchmark version without stress scenarios, or a builtin or endpoint version`,
    );
  }
  if ((endpoint.kind === "open-inference-v2" || endpoint.kind === "http-json") && !ENDPOINT_RUNS_AVAILABLE) {
    return badInput(
      "modelVersionId",
      `${version} is a ${endpoint.kind} endpoint; endpoint runs come with the outbound client, which this build of Fieldtest does not have yet. Use an offline or builtin version`,
    );
  }
  return null;
}
