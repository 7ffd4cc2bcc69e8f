import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/ui/section";
import type { ShadowPageData } from "~/features/shadow/shadow-chart-data";
import { ShadowEvaluationView } from "~/features/shadow/shadow-evaluation-view";
import { CopyId } from "~/features/shared/copy-button";
import { api, orNotFound } from "~/server/api/caller";

export const metadata: Metadata = { title: "Shadow evaluation" };

/** Shadow evaluation detail; the client view polls while it runs (see features/shadow/shadow-evaluation-view.tsx). */
export default async function ShadowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await api();
  const view: ShadowPageData = await orNotFound(caller.shadow.get({ id }));
  const champion = view.versions.find((v) => v.role === "champion");
  const challengers = view.versions.filter((v) => v.role === "challenger");
  // The champion's model for the breadcrumb; the page stands without it.
  const model = champion
    ? await caller.modelVersion
        .byId({ modelVersionId: champion.modelVersionId })
        .then((v) => v.model)
        .catch(() => null)
    : null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-muted-foreground">
        <Link href="/" className="hover:underline">
          Portfolio
        </Link>{" "}
        /{" "}
        {model ? (
          <>
            <Link href={`/models/${model.id}`} className="hover:underline">
              {model.name}
            </Link>{" "}
            /{" "}
          </>
        ) : null}
        shadow evaluation
      </nav>
      <PageHeader
        title={
          <>
            Shadow evaluation <span className="font-mono text-base">{view.id.slice(0, 8)}</span>
          </>
        }
        description={`Champion ${champion?.label ?? "—"} vs challenger${challengers.length === 1 ? "" : "s"} ${
          challengers.map((c) => c.label).join(", ") || "—"
        } · ${view.task.replaceAll("_", " ")}${view.benchmark ? ` · benchmark ${view.benchmark.name} v${view.benchmark.version}` : ""}`}
        actions={<CopyId label="Evaluation id" value={view.id} testId="shadow-id" />}
      />
      <ShadowEvaluationView initial={view} />
    </>
  );
}
