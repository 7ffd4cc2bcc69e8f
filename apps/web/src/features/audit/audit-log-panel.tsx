"use client";

/**
 * A team's audit log for its admins: a team picker (when they administer several), the chain check
 * and the events, newest first. e2e: select audit-team, button audit-verify, result audit-verify-result
 * (data-ok), table audit-events-table (rows audit-event-row), empty state audit-empty, button audit-more.
 */
import { useState } from "react";
import { TeamField } from "~/features/team/team-field";
import { AuditEventsTable } from "./audit-events-table";
import { VerifyChain } from "./verify-chain";

export function AuditLogPanel({ teams }: { teams: { id: string; name: string }[] }) {
  const [teamId, setTeamId] = useState(teams[0]?.id ?? "");
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        {teams.length > 1 ? (
          <TeamField
            teams={teams}
            className="w-64"
            value={teamId}
            onChange={(e) => setTeamId(e.target.value)}
            data-testid="audit-team"
          />
        ) : (
          <p className="text-sm font-medium">{teams[0]?.name}</p>
        )}
        {/* Keyed by team, so a result never shows under another team's name. */}
        <VerifyChain key={teamId} teamId={teamId} />
      </div>
      <AuditEventsTable key={teamId} teamId={teamId} />
    </div>
  );
}
