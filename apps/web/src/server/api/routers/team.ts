import { teamProcedure } from "../trpc";

export const teamRouter = {
  /** The caller's teams with their role in each. */
  list: teamProcedure.meta({ policy: { role: "member", scope: "team" } }).query(async ({ ctx }) => {
    const memberships = await ctx.db.membership.findMany({
      where: { userId: ctx.user.id, teamId: { in: ctx.scope.teamIds } },
      include: { team: { select: { id: true, slug: true, name: true } } },
      orderBy: { team: { name: "asc" } },
    });
    return memberships.map((m) => ({ ...m.team, role: m.role }));
  }),
};
