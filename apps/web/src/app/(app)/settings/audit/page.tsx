import type { Metadata } from "next";
import { EmptyState, PageHeader, Section } from "~/components/ui/section";
import { AuditLogPanel } from "~/features/audit/audit-log-panel";
import { api } from "~/server/api/caller";

export const metadata: Metadata = { title: "Audit log" };

/** The tamper-evident audit log of the teams the caller administers: its events, and a check of its hash chain. */
export default async function AuditLogPage() {
  const caller = await api();
  const teams = (await caller.team.list()).filter((t) => t.role === "admin");
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every key change, approval, rejection and stage change of a team, in order. Each event's hash covers the one before it, so a changed, deleted or reordered event breaks the chain."
      />
      {teams.length === 0 ? (
        <EmptyState title="You administer no team" testId="audit-no-team">
          Only a team admin can read its audit log.
        </EmptyState>
      ) : (
        <Section title="Events" id="audit-log">
          <AuditLogPanel teams={teams.map((t) => ({ id: t.id, name: t.name }))} />
        </Section>
      )}
    </>
  );
}
