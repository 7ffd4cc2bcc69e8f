import type { AppError } from "@fieldtest/db";
import { describe, expect, it } from "vitest";
import { createTeamScope, type TeamRole } from "./policy";

const memberships: { teamId: string; role: TeamRole }[] = [
  { teamId: "m", role: "member" },
  { teamId: "r", role: "reviewer" },
  { teamId: "a", role: "admin" },
];

function outcome(required: TeamRole, teamId: string): string {
  try {
    createTeamScope(memberships, { role: required, scope: "team" }).require(teamId);
    return "ok";
  } catch (err) {
    return (err as AppError).code;
  }
}

describe("createTeamScope", () => {
  it.each([
    ["member", "m", "ok"],
    ["member", "a", "ok"],
    ["reviewer", "m", "FORBIDDEN"],
    ["reviewer", "r", "ok"],
    ["reviewer", "a", "ok"],
    ["admin", "r", "FORBIDDEN"],
    ["admin", "a", "ok"],
    ["member", "other-team", "NOT_FOUND"],
    ["admin", "other-team", "NOT_FOUND"],
  ] as const)("needing %s in team %s → %s", (required, teamId, expected) => {
    expect(outcome(required, teamId)).toBe(expected);
  });

  it("scopes queries to teams where the role suffices", () => {
    expect(createTeamScope(memberships, { role: "member", scope: "team" }).teamIds).toEqual(["m", "r", "a"]);
    expect(createTeamScope(memberships, { role: "reviewer", scope: "team" }).teamIds).toEqual(["r", "a"]);
    expect(createTeamScope([], { role: "member", scope: "team" }).teamIds).toEqual([]);
  });
});
