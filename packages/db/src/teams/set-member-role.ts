import { appendAuditEvent } from "../audit/audit-log.ts";
import type { Db } from "../client.ts";
import { AppError, notFound } from "../errors.ts";
import type { Role } from "../generated/prisma/enums.ts";

const ROLES: readonly Role[] = ["member", "reviewer", "admin"];

/**
 * A team admin changes a member's role (member, reviewer, admin). The change and its
 * `membership.role_changed` audit event are written together, serialised on the team row; a team
 * always keeps one admin. The same role again changes nothing and logs nothing.
 */
export async function setMemberRole(options: {
  db: Db;
  /** Teams the caller administers. */
  teamIds: readonly string[];
  teamId: string;
  userId: string;
  role: Role;
  actorId: string;
}) {
  const { db, teamIds, teamId, userId, role, actorId } = options;
  if (!teamIds.includes(teamId)) throw notFound("Team", "teamId");
  if (!ROLES.includes(role))
    throw new AppError("BAD_INPUT", `Role must be one of ${ROLES.join(", ")}`, { field: "role" });
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "team" WHERE id = ${teamId}::uuid FOR NO KEY UPDATE`;
    const membership = await tx.membership.findUnique({
      where: { teamId_userId: { teamId, userId } },
      select: { id: true, role: true, user: { select: { name: true, email: true } } },
    });
    if (!membership) throw notFound("Member", "userId");
    if (membership.role === role) return { userId, role, changed: false };
    if (membership.role === "admin") {
      const admins = await tx.membership.count({ where: { teamId, role: "admin" } });
      if (admins <= 1) {
        throw new AppError("CONFLICT", "A team keeps at least one admin: make someone else admin first", {
          field: "role",
        });
      }
    }
    await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await appendAuditEvent(tx, {
      teamId,
      action: "membership.role_changed",
      actor: { userId: actorId },
      targetType: "membership",
      targetId: membership.id,
      details: { userId, name: membership.user.name, email: membership.user.email, from: membership.role, to: role },
    });
    return { userId, role, changed: true };
  });
}
