import { BUILTIN_ALGORITHMS, builtinModelSpecSchema } from "@fieldtest/core";
import { z } from "zod";
import { badInput } from "../errors.ts";
import type { EndpointKind as DbEndpointKind } from "../generated/prisma/enums.ts";

/**
 * How a benchmark run reaches a model version, read from ModelVersion.endpointKind and its
 * endpointConfig JSON, and frozen into the run's config (`endpoint`) so that the run records
 * what it called. Secrets never live here (DESIGN.md: endpoint secrets are stored encrypted).
 * Keys other than the ones below are left alone: the registration form may keep more.
 */
export const builtinAlgorithmSchema = z.enum(BUILTIN_ALGORITHMS);

const builtinSchema = z.object({
  algorithm: builtinAlgorithmSchema,
  params: z.record(z.string(), z.unknown()).optional(),
});

const remoteSchema = z.object({
  url: z.string().min(1),
  modelName: z.string().min(1).optional(),
  outputName: z.string().min(1).optional(),
  batchSize: z.int().min(1).max(100_000).optional(),
});

export type RunEndpoint =
  | { kind: "offline" }
  | { kind: "builtin"; algorithm: z.infer<typeof builtinAlgorithmSchema>; params?: Record<string, unknown> }
  | ({ kind: "open-inference-v2" | "http-json" } & z.infer<typeof remoteSchema>);

const PROTOCOL: Record<Exclude<DbEndpointKind, "offline" | "builtin">, "open-inference-v2" | "http-json"> = {
  open_inference_v2: "open-inference-v2",
  http_json: "http-json",
};

/**
 * The version's endpoint as a run uses it; a config the run cannot use is BAD_INPUT on
 * `modelVersionId`, saying what is wrong with the version.
 */
export function runEndpointOf(version: {
  version: string;
  endpointKind: DbEndpointKind;
  endpointConfig: unknown;
}): RunEndpoint {
  const { endpointKind } = version;
  if (endpointKind === "offline") return { kind: "offline" };
  if (endpointKind === "builtin") {
    // Core's spec (algorithm and its params), from the version's config; other keys are the form's.
    const config = (version.endpointConfig ?? {}) as { algorithm?: unknown; params?: unknown };
    const parsed = builtinModelSpecSchema.safeParse(
      config.params === undefined
        ? { algorithm: config.algorithm }
        : { algorithm: config.algorithm, params: config.params },
    );
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "spec"}: ${i.message}`).join("; ");
      throw badInput(
        "modelVersionId",
        `Version ${version.version} is builtin, but its model cannot be trained (${problems})`,
      );
    }
    const { algorithm, params } = parsed.data;
    return params === undefined ? { kind: "builtin", algorithm } : { kind: "builtin", algorithm, params };
  }
  const protocol = PROTOCOL[endpointKind];
  const parsed = remoteSchema.safeParse(version.endpointConfig ?? {});
  if (!parsed.success) {
    throw badInput("modelVersionId", `Version ${version.version} is a ${protocol} endpoint without a usable URL`);
  }
  return { kind: protocol, ...parsed.data };
}

/** Parses an endpoint frozen into a run's config (written by runEndpointOf). */
export const frozenRunEndpointSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("offline") }),
  builtinSchema.extend({ kind: z.literal("builtin") }),
  remoteSchema.extend({ kind: z.enum(["open-inference-v2", "http-json"]) }),
]);
