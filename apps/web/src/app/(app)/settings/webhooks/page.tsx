import type { Metadata } from "next";
import { EmptyState, PageHeader, Section } from "~/components/ui/section";
import { WebhooksPanel } from "~/features/webhooks/webhooks-panel";
import { api } from "~/server/api/caller";

export const metadata: Metadata = { title: "Webhooks" };

/** Outgoing webhooks (Slack, deploy tooling): team admins create, test and delete them. */
export default async function WebhooksPage() {
  const caller = await api();
  const teams = (await caller.team.list()).filter((t) => t.role === "admin");
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Review requests, decisions, promotions and readiness changes, POSTed as signed JSON and retried with backoff. A webhook's signing secret is shown once, when it is created."
      />
      {teams.length === 0 ? (
        <EmptyState title="You administer no team">Only a team admin can manage its webhooks.</EmptyState>
      ) : (
        <Section title="Webhooks" id="webhooks">
          <WebhooksPanel teams={teams.map((t) => ({ id: t.id, name: t.name }))} />
        </Section>
      )}
    </>
  );
}
