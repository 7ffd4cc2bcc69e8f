import { AppError } from "@fieldtest/db";

export type TeamRole = "member" | "reviewer" | "admin";

/** Who may call a procedure: at least `role` in the team that owns the objects it touches. */
export interface AccessPolicy {
  role: TeamRole;
  scope: "team";
}

// admin ⊇ reviewer ⊇ member.
const RANK: Record<TeamRole, number> = { member: 0, reviewer: 1, admin: 2 };

export interface TeamScope {
  /** Teams in which the caller holds the policy's role: every query filters on these. */
  readonly teamIds: string[];
  /** Throws NOT_FOUND for a team the caller is not in (never confirm it exists), FORBIDDEN for too low a role. */
  require(teamId: string, field?: string): void;
}

export function createTeamScope(memberships: { teamId: string; role: TeamRole }[], policy: AccessPolicy): TeamScope {
  const roles = new Map(memberships.map((m) => [m.teamId, m.role]));
  const teamIds = memberships.filter((m) => RANK[m.role] >= RANK[policy.role]).map((m) => m.teamId);
  return {
    teamIds,
    require(teamId, field = "teamId") {
      const role = roles.get(teamId);
      if (!role) throw new AppError("NOT_FOUND", "Team not found", { field });
      if (RANK[role] < RANK[policy.role]) {
        throw new AppError("FORBIDDEN", `This needs the ${policy.role} role in the team`, { field });
      }
    },
  };
}
