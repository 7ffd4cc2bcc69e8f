import { verifyAuditChain } from "@fieldtest/db";
import { z } from "zod";
import { teamProcedure } from "../trpc";

/** A team's audit log is read by its admins (DESIGN.md: "an admin manages a team's members, roles, API keys"). */
const policy = { role: "admin", scope: "team" } as const;

/** Enough of an event's hash to compare it with what `fieldtest audit verify --json` prints. */
const HASH_PREFIX_LENGTH = 12;

export const auditRouter = {
  /** Events of a team the caller administers, newest first; `cursor` is the seq the next page starts below. */
  list: teamProcedure
    .meta({ policy })
    .input(
      z.object({
        teamId: z.uuid(),
        cursor: z.number().int().positive().nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      ctx.scope.require(input.teamId);
      const rows = await ctx.db.auditEvent.findMany({
        where: { teamId: input.teamId, ...(input.cursor ? { seq: { lt: input.cursor } } : {}) },
        orderBy: { seq: "desc" },
        take: input.limit + 1,
      });
      const page = rows.slice(0, input.limit);
      // The log keeps only the actor's id (no foreign key: an event outlives its user).
      const userIds = [...new Set(page.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])))];
      const users = await ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
      const names = new Map(users.map((u) => [u.id, u.name]));
      return {
        events: page.map((e) => ({
          id: e.id,
          seq: e.seq,
          action: e.action,
          actorName: e.actorUserId ? (names.get(e.actorUserId) ?? "a deleted user") : e.actorLabel,
          targetType: e.targetType,
          targetId: e.targetId,
          details: e.details,
          createdAt: e.createdAt,
          hashPrefix: e.hash.slice(0, HASH_PREFIX_LENGTH),
        })),
        nextCursor: rows.length > input.limit ? (page.at(-1)?.seq ?? null) : null,
      };
    }),

  /** Recomputes the team's hash chain: ok with its number of events, or its first broken entry. */
  verify: teamProcedure
    .meta({ policy })
    .input(z.object({ teamId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      ctx.scope.require(input.teamId);
      return verifyAuditChain(ctx.db, input.teamId);
    }),
};
