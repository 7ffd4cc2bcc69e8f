import { endpointKindSchema } from "@fieldtest/core";
import { AppError } from "@fieldtest/db";
import { z } from "zod";
import {
  ENDPOINT_KIND_NOTE,
  fromDbEndpointKind,
  RUNNABLE_ENDPOINT_KINDS,
  toDbEndpointKind,
} from "../../../lib/endpoint-kind";
import { conflictOnDuplicate, teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

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
      return { ...version, endpointKind: fromDbEndpointKind(version.endpointKind) };
    }),

  create: teamProcedure
    .meta({ policy })
    .input(
      z.object({
        modelId: z.uuid(),
        version: z
          .string()
          .trim()
          .min(1, "Version is required")
          .max(64, "Version must be at most 64 characters")
          .regex(/^[\w.+-]+$/, "Use letters, digits, '.', '_', '+' or '-'"),
        endpointKind: endpointKindSchema,
        notes: z.string().trim().max(2000).default(""),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const model = await ctx.db.model.findFirst({
        where: { id: input.modelId, teamId: { in: ctx.scope.teamIds } },
        select: { id: true },
      });
      if (!model) throw new AppError("NOT_FOUND", "Model not found", { field: "modelId" });
      if (!RUNNABLE_ENDPOINT_KINDS.includes(input.endpointKind)) {
        throw new AppError(
          "BAD_INPUT",
          `${input.endpointKind} endpoints are not available yet. ${ENDPOINT_KIND_NOTE}`,
          {
            field: "endpointKind",
          },
        );
      }
      const version = await conflictOnDuplicate(
        () =>
          ctx.db.modelVersion.create({
            data: {
              modelId: model.id,
              version: input.version,
              endpointKind: toDbEndpointKind(input.endpointKind),
              notes: input.notes,
              createdById: ctx.user.id,
              lastChangedById: ctx.user.id,
            },
          }),
        { field: "version", message: `Version "${input.version}" already exists for this model` },
      );
      return { ...version, endpointKind: fromDbEndpointKind(version.endpointKind) };
    }),
};
