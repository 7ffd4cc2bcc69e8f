import type { Metadata } from "next";
import { EmptyState, PageHeader, Section } from "~/components/ui/section";
import { ApiKeysPanel } from "~/features/api-keys/api-keys-panel";
import { api } from "~/server/api/caller";

export const metadata: Metadata = { title: "API keys" };

/** API keys for machines (REST /api/v1, `fieldtest gate`): team admins create and revoke them. */
export default async function ApiKeysPage() {
  const caller = await api();
  const teams = (await caller.team.list()).filter((t) => t.role === "admin");
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys for production services and CI pipelines, scoped to one team. Only a hash is stored: a key is shown once, when it is created. Revoking is immediate."
      />
      {teams.length === 0 ? (
        <EmptyState title="You administer no team">Only a team admin can create and revoke its API keys.</EmptyState>
      ) : (
        <Section title="Keys" id="api-keys">
          <ApiKeysPanel teams={teams.map((t) => ({ id: t.id, name: t.name }))} />
        </Section>
      )}
    </>
  );
}
