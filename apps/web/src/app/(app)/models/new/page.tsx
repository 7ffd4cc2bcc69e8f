import type { Metadata } from "next";
import { EmptyState, PageHeader } from "~/components/ui/section";
import { RegisterModelForm } from "~/features/models/register-model-form";
import { api } from "~/server/api/caller";

export const metadata: Metadata = { title: "Register model" };

export default async function NewModelPage() {
  const teams = await (await api()).team.list();
  return (
    <>
      <PageHeader title="Register model" description="A model groups the versions you evaluate and compare." />
      {teams.length === 0 ? (
        <EmptyState title="You are not in a team yet">
          Ask a team admin to add you before registering models.
        </EmptyState>
      ) : (
        <RegisterModelForm teams={teams} />
      )}
    </>
  );
}
