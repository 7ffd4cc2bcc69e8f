"use client";

/**
 * A team's people and their roles. Admins change a role from its select (saved at once, audited;
 * the team keeps one admin). e2e: team-members (rows team-member, data-email, data-role), select
 * member-role, status member-role-status.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "~/components/ui/field";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { LocalTime } from "~/features/shared/local-time";
import { TeamField } from "~/features/team/team-field";
import { useTRPC } from "~/trpc/react";

type Role = "member" | "reviewer" | "admin";
const ROLE_HINT: Record<Role, string> = {
  member: "own team's work",
  reviewer: "plus deciding reviews",
  admin: "plus team settings, keys, policies",
};

export function MembersPanel({ teams }: { teams: { id: string; name: string }[] }) {
  const [teamId, setTeamId] = useState(teams[0]?.id ?? "");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.team.members.queryOptions({ teamId }, { enabled: teamId !== "" }));
  const [saved, setSaved] = useState<string | null>(null);
  const setRole = useMutation(
    trpc.team.setRole.mutationOptions({
      onSuccess: (result) => {
        setSaved(result.changed ? `Saved: now ${result.role}.` : "No change.");
        void queryClient.invalidateQueries({ queryKey: trpc.team.pathKey() });
      },
    }),
  );
  return (
    <div className="flex flex-col gap-3">
      {teams.length > 1 && (
        <TeamField teams={teams} className="w-64" value={teamId} onChange={(e) => setTeamId(e.target.value)} />
      )}
      {query.isError ? (
        <p role="alert" className="text-sm text-fail">
          Could not load the members: {query.error.message}
        </p>
      ) : !query.data ? (
        <div role="status" aria-busy="true" className="h-24 animate-pulse rounded bg-surface-muted">
          <span className="sr-only">Loading members…</span>
        </div>
      ) : (
        <ScrollRegion label="Members">
          <table className={tableClass} data-testid="team-members">
            <thead>
              <tr>
                <th className={thClass}>Name</th>
                <th className={thClass}>Email</th>
                <th className={thClass}>Role</th>
                <th className={thClass}>Member since</th>
              </tr>
            </thead>
            <tbody>
              {query.data.members.map((m) => (
                <tr key={m.user.id} data-testid="team-member" data-email={m.user.email} data-role={m.role}>
                  <td className={`${tdClass} font-medium`}>{m.user.name}</td>
                  <td className={`${tdClass} text-muted-foreground`}>{m.user.email}</td>
                  <td className={tdClass}>
                    {query.data.canManage ? (
                      <select
                        aria-label={`Role of ${m.user.name}`}
                        value={m.role}
                        disabled={setRole.isPending}
                        onChange={(e) => {
                          setSaved(null);
                          setRole.mutate({ teamId, userId: m.user.id, role: e.target.value as Role });
                        }}
                        className="h-8 rounded-md border bg-surface px-2 text-sm"
                        data-testid="member-role"
                      >
                        {(Object.keys(ROLE_HINT) as Role[]).map((r) => (
                          <option key={r} value={r}>
                            {r} — {ROLE_HINT[r]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      m.role
                    )}
                  </td>
                  <td className={`${tdClass} text-muted-foreground`}>
                    <LocalTime value={m.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <FormError message={setRole.error?.message} />
      {saved && (
        <p role="status" className="text-xs text-pass" data-testid="member-role-status">
          {saved} The change is in the audit log.
        </p>
      )}
      {query.data && !query.data.canManage && (
        <p className="text-xs text-muted-foreground">Team admins change roles.</p>
      )}
    </div>
  );
}
