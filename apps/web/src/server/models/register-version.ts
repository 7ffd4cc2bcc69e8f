import "server-only";
import { randomUUID } from "node:crypto";
import { type EndpointRegistration, endpointRegistrationSchema } from "@fieldtest/core";
import { AppError, type Db, type Prisma } from "@fieldtest/db";
import { z } from "zod";
import { toDbEndpointKind } from "../../lib/endpoint-kind";
import { conflictOnDuplicate } from "../api/trpc";
import { checkEndpointDestination, encryptEndpointSecret } from "../endpoints/outbound";

/** A version label: what people write after `model@`. */
export const versionLabelSchema = z
  .string()
  .trim()
  .min(1, "Version is required")
  .max(64, "Version must be at most 64 characters")
  .regex(/^[\w.+-]+$/, "Use letters, digits, '.', '_', '+' or '-'");

/** The fields of a version registration (tRPC `modelVersion.create` and REST `POST /api/v1/models/{id}/versions`). */
export const versionRegistrationFields = {
  version: versionLabelSchema,
  endpoint: endpointRegistrationSchema.default({ protocol: "offline" }),
  notes: z.string().trim().max(2000).default(""),
};

/** The stored endpoint settings (no protocol, no auth: the kind is a column, the secret is encrypted). */
function storedConfig(endpoint: EndpointRegistration): Prisma.InputJsonValue | undefined {
  if (endpoint.protocol === "offline") return undefined;
  if (endpoint.protocol === "builtin") {
    return endpoint.params === undefined
      ? { algorithm: endpoint.algorithm }
      : { algorithm: endpoint.algorithm, params: endpoint.params };
  }
  const { protocol: _protocol, auth: _auth, ...settings } = endpoint;
  return settings;
}

/**
 * Registers a version of a model of `teamIds` with its endpoint (DESIGN.md "Model endpoints").
 * A remote endpoint's URL must pass the outbound destination policy now (and is checked again
 * at every call); its secret is stored encrypted, bound to this version, and never shown again.
 * Another team's model is NOT_FOUND; a label used before is CONFLICT on `version`.
 */
export async function registerModelVersion(input: {
  db: Db;
  teamIds: readonly string[];
  modelId: string;
  version: string;
  endpoint: EndpointRegistration;
  notes: string;
  userId: string;
}) {
  const { db, endpoint } = input;
  const model = await db.model.findFirst({
    where: { id: input.modelId, teamId: { in: [...input.teamIds] } },
    select: { id: true },
  });
  if (!model) throw new AppError("NOT_FOUND", "Model not found", { field: "modelId" });
  if (endpoint.protocol === "open-inference-v2" || endpoint.protocol === "http-json") {
    await checkEndpointDestination(endpoint.url, "endpoint.url");
  }
  const id = randomUUID();
  const auth = "auth" in endpoint ? endpoint.auth : undefined;
  const config = storedConfig(endpoint);
  return conflictOnDuplicate(
    () =>
      db.modelVersion.create({
        data: {
          id,
          modelId: model.id,
          version: input.version,
          endpointKind: toDbEndpointKind(endpoint.protocol),
          ...(config === undefined ? {} : { endpointConfig: config }),
          endpointAuthHeader: auth?.header ?? null,
          endpointSecret: auth ? encryptEndpointSecret(auth.secret, id) : null,
          notes: input.notes,
          createdById: input.userId,
          lastChangedById: input.userId,
        },
      }),
    { field: "version", message: `Version "${input.version}" already exists for this model` },
  );
}
