import type { Metadata } from "next";
import { EmptyState, PageHeader, Section } from "~/components/ui/section";
import { TeamPoliciesPanel } from "~/features/policies/team-policies-panel";
import { api } from "~/server/api/caller";

export const metadata: Metadata = { title: "Readiness policies" };

/** Each team's readiness policy per task: read by everyone in the team, changed (as new versions) by its admins. */
export default async function PoliciesPage() {
  const caller = await api();
  const teams = await caller.team.list();
  return (
    <>
      <PageHeader
        title="Readiness policies"
        description="The gates a version must pass to be ready, per team and task. A model can override its team's policy from its own page. Saving makes a new version; reports say which version judged them."
      />
      {teams.length === 0 ? (
        <EmptyState title="You are in no team" testId="policies-no-team">
          Ask a team admin to add you.
        </EmptyState>
      ) : (
        <Section title="Team policy" id="team-policy">
          <TeamPoliciesPanel teams={teams.map((t) => ({ id: t.id, name: t.name }))} />
        </Section>
      )}
    </>
  );
}
