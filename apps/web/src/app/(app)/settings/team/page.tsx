import type { Metadata } from "next";
import { EmptyState, PageHeader, Section } from "~/components/ui/section";
import { MembersPanel } from "~/features/team/members-panel";
import { api } from "~/server/api/caller";

export const metadata: Metadata = { title: "Team" };

/** A team's members and roles: everyone sees who can review; admins change roles (audited). */
export default async function TeamPage() {
  const caller = await api();
  const teams = await caller.team.list();
  return (
    <>
      <PageHeader
        title="Team"
        description="Members own their team's work; reviewers also decide reviews (never of their own versions); admins also manage keys, policies and roles."
      />
      {teams.length === 0 ? (
        <EmptyState title="You are in no team" testId="team-none">
          Ask a team admin to add you.
        </EmptyState>
      ) : (
        <Section title="Members" id="members">
          <MembersPanel teams={teams.map((t) => ({ id: t.id, name: t.name }))} />
        </Section>
      )}
    </>
  );
}
