import { AppError, compareVersions, decodeTable, directoryStorage, type Prisma } from "@fieldtest/db";
import { decryptSecret, parseSecretKey, testConnection } from "@fieldtest/outbound";
import { z } from "zod";
import { env } from "../../../env";
import { fromDbEndpointKind } from "../../../lib/endpoint-kind";
import { outboundClient } from "../../endpoints/outbound";
import { sampleFeatures } from "../../endpoints/sample-features";
import { registerModelVersion, versionRegistrationFields } from "../../models/register-version";
import { teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

/** What a version's endpoint is, as the UI shows it: its settings, and whether a secret is stored (never the secret). */
function endpointView(version: {
  endpointKind: Parameters<typeof fromDbEndpointKind>[0];
  endpointConfig: Prisma.JsonValue;
  endpointAuthHeader: string | null;
}) {
  return {
    endpointKind: fromDbEndpointKind(version.endpointKind),
    endpointConfig: version.endpointConfig,
    endpointAuthHeader: version.endpointAuthHeader,
  };
}

export const modelVersionRouter = {
  byId: teamProcedure
    .meta({ policy })
    .input(z.object({ modelVersionId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const version = await ctx.db.modelVersion.findFirst({
        where: { id: input.modelVersionId, model: { teamId: { in: ctx.scope.teamIds } } },
        include: {
          model: { select: { id: true, name: true, task: true, teamId: true } },
          createdBy: { select: { id: true, name: true } },
          predictions: {
            select: { id: true, rowCount: true, sha256: true, createdAt: true, datasetVersionId: true },
          },
        },
      });
      if (!version) throw new AppError("NOT_FOUND", "Model version not found", { field: "modelVersionId" });
      return { ...version, ...endpointView(version) };
    }),

  /**
   * Two versions of the caller's teams compared through their latest succeeded runs on the most
   * recent benchmark version both ran (compareVersions: side by side, paired test when the rows
   * are the same). Another team's version is NOT_FOUND.
   */
  compare: teamProcedure
    .meta({ policy })
    .input(z.object({ versionIdA: z.uuid(), versionIdB: z.uuid() }))
    .query(({ ctx, input }) =>
      compareVersions({ db: ctx.db, storage: directoryStorage(), teamIds: ctx.scope.teamIds, ...input }),
    ),

  /**
   * Registers a version with its endpoint (see registerModelVersion: destination policy now,
   * secret stored encrypted and never shown again).
   */
  create: teamProcedure
    .meta({ policy })
    .input(z.object({ modelId: z.uuid(), ...versionRegistrationFields }))
    .mutation(async ({ ctx, input }) => {
      const version = await registerModelVersion({
        db: ctx.db,
        teamIds: ctx.scope.teamIds,
        modelId: input.modelId,
        version: input.version,
        endpoint: input.endpoint,
        notes: input.notes,
        userId: ctx.user.id,
      });
      return { ...version, ...endpointView(version) };
    }),

  /**
   * Calls a remote endpoint version once and says what it answered: Open Inference V2 readiness
   * and model metadata, then a one-row request; http-json a one-row request. The row is the first
   * row of a dataset version of the team (the caller picks it), without its id, label and
   * timestamp columns, as a benchmark run would send it.
   */
  testConnection: teamProcedure
    .meta({ policy })
    .input(z.object({ modelVersionId: z.uuid(), datasetVersionId: z.uuid().optional() }))
    .mutation(async ({ ctx, input }) => {
      const version = await ctx.db.modelVersion.findFirst({
        where: { id: input.modelVersionId, model: { teamId: { in: ctx.scope.teamIds } } },
        select: {
          id: true,
          endpointKind: true,
          endpointConfig: true,
          endpointAuthHeader: true,
          endpointSecret: true,
          model: { select: { teamId: true } },
        },
      });
      if (!version) throw new AppError("NOT_FOUND", "Model version not found", { field: "modelVersionId" });
      const kind = fromDbEndpointKind(version.endpointKind);
      if (kind !== "open-inference-v2" && kind !== "http-json") {
        throw new AppError("BAD_INPUT", `A ${kind} version has no endpoint to test`, { field: "modelVersionId" });
      }
      const settings = (version.endpointConfig ?? {}) as { url: string; modelName?: string; outputName?: string };
      let features: Awaited<ReturnType<typeof sampleFeatures>> = [];
      if (input.datasetVersionId) {
        const datasetVersion = await ctx.db.datasetVersion.findFirst({
          where: { id: input.datasetVersionId, dataset: { teamId: version.model.teamId } },
        });
        if (!datasetVersion) {
          throw new AppError("NOT_FOUND", "Dataset version not found", { field: "datasetVersionId" });
        }
        features = sampleFeatures(decodeTable(await directoryStorage().get(datasetVersion.storageKey)), datasetVersion);
      }
      let auth: { header: string; secret: string } | undefined;
      if (version.endpointAuthHeader && version.endpointSecret) {
        if (!env.FIELDTEST_SECRET_KEY) {
          throw new AppError("BAD_INPUT", "This server has no FIELDTEST_SECRET_KEY to decrypt the endpoint's secret", {
            field: "modelVersionId",
          });
        }
        auth = {
          header: version.endpointAuthHeader,
          secret: decryptSecret(version.endpointSecret, parseSecretKey(env.FIELDTEST_SECRET_KEY), version.id),
        };
      }
      return testConnection({
        endpoint: { protocol: kind, ...settings, ...(auth ? { auth } : {}) },
        client: outboundClient(),
        ...(features.length > 0 ? { sampleFeatures: features } : {}),
      });
    }),
};
