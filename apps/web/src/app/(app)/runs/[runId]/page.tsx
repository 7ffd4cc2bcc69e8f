import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/ui/section";
import { RunView } from "~/features/runs/run-view";
import { CopyId } from "~/features/shared/copy-button";
import { api, orNotFound } from "~/server/api/caller";

export const metadata: Metadata = { title: "Run" };

/** Evaluation run detail; the client view polls while it runs (see features/runs/run-view.tsx). */
export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const run = await orNotFound((await api()).run.byId({ runId }));
  const model = run.modelVersion.model;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-muted-foreground">
        <Link href="/" className="hover:underline">
          Portfolio
        </Link>{" "}
        /{" "}
        <Link href={`/models/${model.id}`} className="hover:underline">
          {model.name}
        </Link>{" "}
        / run
      </nav>
      <PageHeader
        title={
          <>
            Run <span className="font-mono text-base">{run.id.slice(0, 8)}</span>
          </>
        }
        description={`${run.kind} evaluation of ${model.name} ${run.modelVersion.version} · ${model.team.name}`}
        actions={<CopyId label="Run id" value={run.id} testId="run-id" />}
      />
      <RunView initial={run} />
    </>
  );
}
