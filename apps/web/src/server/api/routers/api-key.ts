import { API_KEY_SCOPES, mintApiKey, revokeApiKey } from "@fieldtest/db";
import { z } from "zod";
import { teamProcedure } from "../trpc";

/** API keys are managed by team admins (DESIGN.md "Who uses it"). */
const policy = { role: "admin", scope: "team" } as const;

const keyView = {
  id: true,
  teamId: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, name: true } },
} as const;

export const apiKeyRouter = {
  /** Keys of the teams the caller administers (never their secret, which is not stored), newest first. */
  list: teamProcedure.meta({ policy }).query(({ ctx }) =>
    ctx.db.apiKey.findMany({
      where: { teamId: { in: ctx.scope.teamIds } },
      orderBy: { createdAt: "desc" },
      select: { ...keyView, team: { select: { id: true, name: true, slug: true } } },
    }),
  ),

  /** Mints a key; the answer carries the key itself, shown once and never again. */
  create: teamProcedure
    .meta({ policy })
    .input(
      z.object({
        teamId: z.uuid(),
        name: z.string().trim().min(1, "Name is required").max(120, "Name must be at most 120 characters"),
        scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Choose at least one scope"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      ctx.scope.require(input.teamId);
      const { apiKey, key } = await mintApiKey({
        db: ctx.db,
        teamId: input.teamId,
        name: input.name,
        scopes: input.scopes,
        createdById: ctx.user.id,
      });
      return { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix, scopes: apiKey.scopes, key };
    }),

  /** Revokes a key at once: the next request with it is 401. */
  revoke: teamProcedure
    .meta({ policy })
    .input(z.object({ apiKeyId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const apiKey = await revokeApiKey({
        db: ctx.db,
        teamIds: ctx.scope.teamIds,
        apiKeyId: input.apiKeyId,
        actor: { userId: ctx.user.id },
      });
      return { id: apiKey.id, revokedAt: apiKey.revokedAt };
    }),
};
