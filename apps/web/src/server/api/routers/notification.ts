import { listNotifications, markNotificationsRead } from "@fieldtest/db";
import { z } from "zod";
import { teamProcedure } from "../trpc";

/** Every member has an inbox: their own notifications, in the teams they belong to. */
const policy = { role: "member", scope: "team" } as const;

export const notificationRouter = {
  /** The caller's notifications, unread first then newest first, with the unread count. */
  list: teamProcedure
    .meta({ policy })
    .query(({ ctx }) => listNotifications({ db: ctx.db, userId: ctx.user.id, teamIds: ctx.scope.teamIds })),

  /** Marks the caller's notifications read: the ones listed, or all. */
  markRead: teamProcedure
    .meta({ policy })
    .input(
      z.union([
        z.object({ ids: z.array(z.uuid()).min(1, "Choose at least one notification").max(500) }),
        z.object({ all: z.literal(true) }),
      ]),
    )
    .mutation(({ ctx, input }) =>
      markNotificationsRead({
        db: ctx.db,
        userId: ctx.user.id,
        teamIds: ctx.scope.teamIds,
        ...("ids" in input ? { ids: input.ids } : {}),
      }),
    ),
};
