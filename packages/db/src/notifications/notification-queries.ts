import type { Db } from "../client.ts";
import { notFound } from "../errors.ts";

/** A user's notifications in the given teams: unread first, then newest first, and the unread count. */
export async function listNotifications(options: {
  db: Db;
  userId: string;
  teamIds: readonly string[];
  take?: number;
}) {
  const { db, userId } = options;
  const where = { userId, teamId: { in: [...options.teamIds] } };
  const take = options.take ?? 100;
  const select = {
    id: true,
    teamId: true,
    kind: true,
    title: true,
    body: true,
    link: true,
    readAt: true,
    createdAt: true,
    team: { select: { name: true, slug: true } },
  } as const;
  const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const [unreadItems, unread] = await Promise.all([
    db.notification.findMany({ where: { ...where, readAt: null }, orderBy: newestFirst, take, select }),
    db.notification.count({ where: { ...where, readAt: null } }),
  ]);
  const readItems =
    unreadItems.length < take
      ? await db.notification.findMany({
          where: { ...where, readAt: { not: null } },
          orderBy: newestFirst,
          take: take - unreadItems.length,
          select,
        })
      : [];
  const items = [...unreadItems, ...readItems];
  return { items, unread };
}

/**
 * Marks the user's own notifications read: the ones listed (NOT_FOUND on `ids` if any is not
 * theirs, and then none is marked), or all of them. Returns how many changed.
 */
export async function markNotificationsRead(options: {
  db: Db;
  userId: string;
  teamIds: readonly string[];
  ids?: readonly string[];
  now?: Date;
}): Promise<{ updated: number }> {
  const { db, userId } = options;
  const own = { userId, teamId: { in: [...options.teamIds] } };
  const now = options.now ?? new Date();
  if (!options.ids) {
    const { count } = await db.notification.updateMany({ where: { ...own, readAt: null }, data: { readAt: now } });
    return { updated: count };
  }
  const ids = [...new Set(options.ids)];
  return db.$transaction(async (tx) => {
    const found = await tx.notification.count({ where: { ...own, id: { in: ids } } });
    if (found !== ids.length) throw notFound("Notification", "ids");
    const { count } = await tx.notification.updateMany({
      where: { ...own, id: { in: ids }, readAt: null },
      data: { readAt: now },
    });
    return { updated: count };
  });
}
