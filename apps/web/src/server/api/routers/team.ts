import { AppError, setMemberRole } from "@fieldtest/db";
import { z } from "zod";
import { teamProcedure } from "../trpc";

const member = { role: "member", scope: "team" } as const;
const admin = { role: "admin", scope: "team" } as const;

export const teamRouter = {
  /** The caller's teams with their role in each. */
  list: teamProcedure.meta({ policy: member }).query(async ({ ctx }) => {
    const memberships = await ctx.db.membership.findMany({
      where: { userId: ctx.user.id, teamId: { in: ctx.scope.teamIds } },
      include: { team: { select: { id: true, slug: true, name: true } } },
      orderBy: { team: { name: "asc" } },
    });
    return memberships.map((m) => ({ ...m.team, role: m.role }));
  }),

  /** The people of one of the caller's teams with their roles (everyone in the team sees who can review). */
  members: teamProcedure
    .meta({ policy: member })
    .input(z.object({ teamId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      ctx.scope.require(input.teamId);
      const rows = await ctx.db.membership.findMany({
        where: { teamId: input.teamId },
        orderBy: [{ user: { name: "asc" } }, { id: "asc" }],
        select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
      });
      const mine = rows.find((r) => r.user.id === ctx.user.id);
      if (!mine) throw new AppError("NOT_FOUND", "Team not found", { field: "teamId" });
      return { canManage: mine.role === "admin", members: rows };
    }),

  /** A team admin changes a member's role; audited; the team keeps at least one admin. */
  setRole: teamProcedure
    .meta({ policy: admin })
    .input(z.object({ teamId: z.uuid(), userId: z.string().min(1), role: z.enum(["member", "reviewer", "admin"]) }))
    .mutation(({ ctx, input }) => {
      ctx.scope.require(input.teamId);
      return setMemberRole({
        db: ctx.db,
        teamIds: ctx.scope.teamIds,
        teamId: input.teamId,
        userId: input.userId,
        role: input.role,
        actorId: ctx.user.id,
      });
    }),
};
