import type { Metadata } from "next";
import Link from "next/link";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { PageHeader, Section, tableClass, tdClass, thClass } from "~/components/ui/section";
import { StatusBadge } from "~/components/ui/status-badge";
import { CompareVersionsPicker } from "~/features/compare/compare-versions-picker";
import { RegisterVersionForm } from "~/features/models/register-version-form";
import { type BenchmarkOption, type DatasetVersionOption, VersionPanel } from "~/features/models/version-panel";
import { ModelPolicyPanel } from "~/features/policies/model-policy-panel";
import { ReadinessPanel } from "~/features/readiness/readiness-panel";
import { VersionReviewsPanel } from "~/features/reviews/version-reviews";
import { ShadowEvaluationsPanel } from "~/features/shadow/shadow-evaluations-panel";
import { CopyId } from "~/features/shared/copy-button";
import { LocalTime } from "~/features/shared/local-time";
import { TrendsPanel } from "~/features/trends/trends-panel";
import { formatCount } from "~/lib/format";
import { api, orNotFound } from "~/server/api/caller";

export const metadata: Metadata = { title: "Model" };

/**
 * Model detail. e2e: heading = model name (data-testid="model-title"), versions table
 * data-testid="versions-table", register-version form (see register-version-form.tsx),
 * one version panel per version (see version-panel.tsx), the Trends section (see
 * features/trends/trends-panel.tsx).
 */
export default async function ModelPage({ params }: { params: Promise<{ modelId: string }> }) {
  const { modelId } = await params;
  const caller = await api();
  const model = await orNotFound(caller.model.byId({ modelId }));
  const [datasets, benchmarks] = await Promise.all([
    caller.dataset.list(),
    caller.benchmark.list({ teamId: model.team.id }),
  ]);

  const datasetVersions: DatasetVersionOption[] = datasets
    .filter((d) => d.team.id === model.team.id)
    .flatMap((d) =>
      d.versions.map((v) => ({ id: v.id, label: `${d.name} v${v.version} (${formatCount(v.rowCount)} rows)` })),
    );
  const benchmarkOptions: BenchmarkOption[] = benchmarks.map((b) => ({
    id: b.id,
    datasetVersionId: b.datasetVersion.id,
    label: `${b.name} v${b.version} — ${b.datasetVersion.dataset.name} v${b.datasetVersion.version}`,
  }));

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-muted-foreground">
        <Link href="/" className="hover:underline">
          Portfolio
        </Link>{" "}
        / {model.team.name}
      </nav>
      <PageHeader
        title={<span data-testid="model-title">{model.name}</span>}
        description={
          <>
            {model.task.replaceAll("_", " ")} · {model.team.name}
            {model.description ? ` · ${model.description}` : ""}
          </>
        }
        actions={<CopyId label="Model id" value={model.id} testId="model-id" />}
      />
      <div className="flex flex-col gap-6">
        <Section title="Versions" id="versions">
          {model.versions.length === 0 ? (
            <p className="mb-4 text-muted-foreground">
              No versions yet. Register one below, then upload its predictions and run a benchmark.
            </p>
          ) : (
            <ScrollRegion label="Versions" className="mb-5">
              <table className={tableClass} data-testid="versions-table">
                <thead>
                  <tr>
                    <th className={thClass}>Version</th>
                    <th className={thClass}>Stage</th>
                    <th className={thClass}>Endpoint</th>
                    <th className={thClass}>Author</th>
                    <th className={thClass}>Registered</th>
                    <th className={`${thClass} text-right`}>Predictions</th>
                    <th className={thClass}>Latest run</th>
                    <th className={thClass}>Readiness</th>
                  </tr>
                </thead>
                <tbody>
                  {model.versions.map((v) => (
                    <tr key={v.id}>
                      <td className={`${tdClass} font-medium`}>{v.version}</td>
                      <td className={tdClass}>{v.stage}</td>
                      <td className={tdClass}>{v.endpointKind}</td>
                      <td className={tdClass}>{v.createdBy.name}</td>
                      <td className={`${tdClass} text-muted-foreground`}>
                        <LocalTime value={v.createdAt} />
                      </td>
                      <td className={`${tdClass} tabular text-right`}>
                        {v.endpointKind === "offline" ? v.predictions.length : "—"}
                      </td>
                      <td className={tdClass}>
                        {v.runs[0] ? (
                          <Link href={`/runs/${v.runs[0].id}`}>
                            <StatusBadge status={v.runs[0].status} />
                          </Link>
                        ) : (
                          <span className="text-muted-foreground">—</span>
                        )}
                      </td>
                      <td className={tdClass}>
                        <a href={`#readiness-${v.id}`} className="text-xs text-primary hover:underline">
                          Verdict
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          <CompareVersionsPicker versions={model.versions.map((v) => ({ id: v.id, version: v.version }))} />
          <RegisterVersionForm modelId={model.id} />
        </Section>
        <Section
          title="Readiness"
          id="readiness"
          description="Each version's gates judged against its latest evidence; open a version for its gates and readiness over time."
        >
          <ReadinessPanel versions={model.versions.map((v) => ({ id: v.id, version: v.version, stage: v.stage }))} />
          <details className="mt-4 rounded-md border px-3 py-2">
            <summary className="cursor-pointer text-sm font-medium">Readiness policy</summary>
            <div className="pt-3">
              <ModelPolicyPanel modelId={model.id} />
            </div>
          </details>
        </Section>
        <Section
          title="Review and promotion"
          id="review"
          description="Ask for review of a version; once a reviewer (not its author) approves it, promote it to production."
        >
          <VersionReviewsPanel versions={model.versions.map((v) => ({ id: v.id, version: v.version }))} />
        </Section>
        {model.versions.map((v) => (
          <VersionPanel key={v.id} version={v} datasetVersions={datasetVersions} benchmarks={benchmarkOptions} />
        ))}
        <Section
          title="Shadow evaluations"
          id="shadow-evaluations"
          description="Challengers answer the champion's live requests silently and are scored as labels arrive."
        >
          <ShadowEvaluationsPanel
            modelId={model.id}
            versions={model.versions.map((v) => ({ id: v.id, version: v.version, stage: v.stage }))}
            benchmarks={benchmarkOptions.map((b) => ({ id: b.id, label: b.label }))}
          />
        </Section>
        <Section
          title="Trends"
          id="trends"
          description="Every metric value over run finish time, per benchmark version, one series per model version."
        >
          <TrendsPanel modelId={model.id} />
        </Section>
      </div>
    </>
  );
}
