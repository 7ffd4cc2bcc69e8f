import type { Metadata } from "next";
import Link from "next/link";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { EmptyState, PageHeader, Section, tableClass, tdClass, thClass } from "~/components/ui/section";
import { CreateBenchmarkForm } from "~/features/benchmarks/create-benchmark-form";
import { benchmarkDatasetVersions } from "~/features/benchmarks/dataset-version-options";
import { describeSplit } from "~/features/benchmarks/describe-protocol";
import { UploadDatasetForm } from "~/features/datasets/upload-dataset-form";
import { LocalTime } from "~/features/shared/local-time";
import { formatBytes, formatCount } from "~/lib/format";
import { api } from "~/server/api/caller";

export const metadata: Metadata = { title: "Datasets" };

/**
 * Datasets and benchmarks. e2e: datasets table data-testid="datasets-table" (rows
 * data-testid="dataset-version-row"), benchmarks table data-testid="benchmarks-table"
 * (rows data-testid="benchmark-row", each linking to /benchmarks/<id> with data-testid
 * "benchmark-link"); forms documented in features/datasets/*.
 */
export default async function DatasetsPage() {
  const caller = await api();
  const [teams, datasets, benchmarks] = await Promise.all([
    caller.team.list(),
    caller.dataset.list(),
    caller.benchmark.list({}),
  ]);
  const benchmarkVersions = benchmarkDatasetVersions(datasets);

  if (teams.length === 0) {
    return (
      <>
        <PageHeader title="Datasets" />
        <EmptyState title="You are not in a team yet">
          Ask a team admin to add you; datasets belong to teams.
        </EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Datasets"
        description="Immutable, content-addressed versions of labelled data, and the benchmarks defined on them."
      />
      <div className="flex flex-col gap-6">
        <Section title="Dataset versions" id="datasets">
          {datasets.length === 0 ? (
            <EmptyState title="No datasets yet" testId="datasets-empty">
              Upload a CSV with an id column and a label column below.
            </EmptyState>
          ) : (
            <ScrollRegion label="Datasets">
              <table className={tableClass} data-testid="datasets-table">
                <thead>
                  <tr>
                    <th className={thClass}>Dataset</th>
                    <th className={thClass}>Team</th>
                    <th className={`${thClass} text-right`}>Version</th>
                    <th className={`${thClass} text-right`}>Rows</th>
                    <th className={`${thClass} text-right`}>Size</th>
                    <th className={thClass}>Id · label · timestamp</th>
                    <th className={thClass}>sha256</th>
                    <th className={thClass}>Added</th>
                  </tr>
                </thead>
                <tbody>
                  {datasets.flatMap((d) =>
                    d.versions.map((v) => (
                      <tr key={v.id} data-testid="dataset-version-row">
                        <td className={`${tdClass} font-medium`}>{d.name}</td>
                        <td className={tdClass}>{d.team.name}</td>
                        <td className={`${tdClass} tabular text-right`}>v{v.version}</td>
                        <td className={`${tdClass} tabular text-right`}>{formatCount(v.rowCount)}</td>
                        <td className={`${tdClass} tabular text-right`}>{formatBytes(v.sizeBytes)}</td>
                        <td className={`${tdClass} font-mono text-xs`}>
                          {v.idColumn} · {v.labelColumn} · {v.timestampColumn ?? "—"}
                        </td>
                        <td className={`${tdClass} font-mono text-xs text-muted-foreground`} title={v.sha256}>
                          {v.sha256.slice(0, 12)}
                        </td>
                        <td className={`${tdClass} text-muted-foreground`}>
                          <LocalTime value={v.createdAt} />
                        </td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </Section>
        <Section
          title="Upload dataset"
          id="upload-dataset"
          description="Identical content is recognised and not stored twice."
        >
          <UploadDatasetForm teams={teams} />
        </Section>
        <Section
          title="Benchmarks"
          id="benchmarks"
          description="A versioned protocol: dataset version, split, metrics, slices, costs, stress suite, confidence and holdout. Editing one makes its next version."
        >
          {benchmarks.length > 0 && (
            <ScrollRegion label="Dataset versions" className="mb-5">
              <table className={tableClass} data-testid="benchmarks-table">
                <thead>
                  <tr>
                    <th className={thClass}>Benchmark</th>
                    <th className={thClass}>Task</th>
                    <th className={thClass}>Dataset version</th>
                    <th className={thClass}>Split</th>
                    <th className={thClass}>Metrics</th>
                    <th className={`${thClass} text-right`}>Threshold</th>
                    <th className={`${thClass} text-right`}>Seed</th>
                    <th className={`${thClass} text-right`}>Runs</th>
                  </tr>
                </thead>
                <tbody>
                  {benchmarks.map((b) => (
                    <tr key={b.id} data-testid="benchmark-row">
                      <td className={`${tdClass} font-medium`}>
                        <Link href={`/benchmarks/${b.id}`} className="hover:underline" data-testid="benchmark-link">
                          {b.name} v{b.version}
                        </Link>
                      </td>
                      <td className={`${tdClass} text-xs`}>{b.task.replaceAll("_", " ")}</td>
                      <td className={tdClass}>
                        {b.datasetVersion.dataset.name} v{b.datasetVersion.version}
                      </td>
                      <td className={`${tdClass} font-mono text-xs`}>{describeSplit(b.split)}</td>
                      <td className={`${tdClass} font-mono text-xs`}>{b.metrics.join(", ")}</td>
                      <td className={`${tdClass} tabular text-right`}>{b.threshold ?? "—"}</td>
                      <td className={`${tdClass} tabular text-right`}>{b.seed}</td>
                      <td className={`${tdClass} tabular text-right`}>{formatCount(b._count.runs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          <CreateBenchmarkForm datasetVersions={benchmarkVersions} />
        </Section>
      </div>
    </>
  );
}
