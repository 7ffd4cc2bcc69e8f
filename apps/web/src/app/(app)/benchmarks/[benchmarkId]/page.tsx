import { MIN_EVERY_SECONDS } from "@fieldtest/jobs";
import type { Metadata } from "next";
import Link from "next/link";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { EmptyState, PageHeader, Section, tableClass, tdClass, thClass } from "~/components/ui/section";
import { StatusBadge } from "~/components/ui/status-badge";
import { benchmarkDatasetVersions } from "~/features/benchmarks/dataset-version-options";
import { describeProtocol } from "~/features/benchmarks/describe-protocol";
import { ReviseBenchmarkForm } from "~/features/benchmarks/revise-benchmark-form";
import { LeaderboardPanel } from "~/features/leaderboard/leaderboard-panel";
import { SchedulesPanel } from "~/features/schedules/schedules-panel";
import { LocalTime } from "~/features/shared/local-time";
import { formatCount } from "~/lib/format";
import { api, orNotFound } from "~/server/api/caller";

export const metadata: Metadata = { title: "Benchmark" };

/**
 * One benchmark version: its protocol, the other versions of its name, its runs, and
 * "Edit (new version)". e2e: data-testid benchmark-title, benchmark-protocol (rows
 * benchmark-protocol-row with data-label), benchmark-versions (rows benchmark-version-row with
 * data-version; the shown one has aria-current), benchmark-runs (rows benchmark-run-row),
 * the edit form in features/benchmarks/revise-benchmark-form.tsx, the schedules section
 * (schedules) in features/schedules/schedules-panel.tsx, the leaderboard section (leaderboard) in
 * features/leaderboard/leaderboard-panel.tsx.
 */
export default async function BenchmarkPage({ params }: { params: Promise<{ benchmarkId: string }> }) {
  const { benchmarkId } = await params;
  const caller = await api();
  const benchmark = await orNotFound(caller.benchmark.get({ benchmarkId }));
  const datasets = await caller.dataset.list();
  const datasetVersions = benchmarkDatasetVersions(datasets.filter((d) => d.team.id === benchmark.team.id));
  const dv = benchmark.datasetVersion;
  const latest = benchmark.versions[0];

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-muted-foreground">
        <Link href="/datasets#benchmarks" className="hover:underline">
          Benchmarks
        </Link>{" "}
        / {benchmark.name}
      </nav>
      <PageHeader
        title={
          <span data-testid="benchmark-title">
            {benchmark.name} v{benchmark.version}
          </span>
        }
        description={
          <>
            {benchmark.team.name} · defined by {benchmark.createdBy.name} <LocalTime value={benchmark.createdAt} />
            {benchmark.revisedFrom && (
              <>
                {" "}
                · revised from{" "}
                <Link href={`/benchmarks/${benchmark.revisedFrom.id}`} className="underline">
                  v{benchmark.revisedFrom.version}
                </Link>
              </>
            )}
            {latest && latest.id !== benchmark.id && (
              <>
                {" "}
                · the latest is{" "}
                <Link href={`/benchmarks/${latest.id}`} className="underline">
                  v{latest.version}
                </Link>
              </>
            )}
          </>
        }
      />
      <div className="flex flex-col gap-6">
        <Section
          title="Protocol"
          id="protocol"
          description="Fixed for this version: results under it are comparable, forever."
        >
          {benchmark.description && <p className="mb-3 whitespace-pre-line">{benchmark.description}</p>}
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]" data-testid="benchmark-protocol">
            <div className="contents" data-testid="benchmark-protocol-row" data-label="Dataset version">
              <dt className="text-xs text-muted-foreground">Dataset version</dt>
              <dd>
                {dv.dataset.name} v{dv.version} ({formatCount(dv.rowCount)} rows; id {dv.idColumn}, label{" "}
                {dv.labelColumn}
                {dv.timestampColumn ? `, timestamp ${dv.timestampColumn}` : ""})
              </dd>
            </div>
            {describeProtocol(benchmark.protocol).map((row) => (
              <div key={row.label} className="contents" data-testid="benchmark-protocol-row" data-label={row.label}>
                <dt className="text-xs text-muted-foreground">{row.label}</dt>
                <dd className="font-mono text-xs break-words">{row.value}</dd>
              </div>
            ))}
          </dl>
        </Section>

        <Section title="Versions" id="versions" description="Every version of this name; each run points at one.">
          <ScrollRegion label="Benchmark versions">
            <table className={tableClass} data-testid="benchmark-versions">
              <thead>
                <tr>
                  <th className={`${thClass} text-right`}>Version</th>
                  <th className={thClass}>Dataset version</th>
                  <th className={thClass}>Description</th>
                  <th className={thClass}>Revised from</th>
                  <th className={thClass}>Defined</th>
                  <th className={`${thClass} text-right`}>Runs</th>
                </tr>
              </thead>
              <tbody>
                {benchmark.versions.map((v) => {
                  const current = v.id === benchmark.id;
                  const from = benchmark.versions.find((o) => o.id === v.revisedFromId);
                  return (
                    <tr key={v.id} data-testid="benchmark-version-row" data-version={v.version}>
                      <td className={`${tdClass} tabular text-right`}>
                        {current ? (
                          <span aria-current="page" className="font-semibold">
                            v{v.version} (shown)
                          </span>
                        ) : (
                          <Link href={`/benchmarks/${v.id}`} className="underline">
                            v{v.version}
                          </Link>
                        )}
                      </td>
                      <td className={tdClass}>
                        {v.datasetVersion.dataset.name} v{v.datasetVersion.version}
                      </td>
                      <td className={`${tdClass} max-w-80 truncate text-muted-foreground`} title={v.description}>
                        {v.description || "—"}
                      </td>
                      <td className={tdClass}>{from ? `v${from.version}` : "—"}</td>
                      <td className={`${tdClass} text-muted-foreground`}>
                        {v.createdBy.name} · <LocalTime value={v.createdAt} />
                      </td>
                      <td className={`${tdClass} tabular text-right`}>{formatCount(v.runCount)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        </Section>

        <Section
          title={`Runs of v${benchmark.version}`}
          id="runs"
          description={
            benchmark.runCount > benchmark.runs.length
              ? `The latest ${benchmark.runs.length} of ${formatCount(benchmark.runCount)}.`
              : "Started from a model version's page."
          }
        >
          {benchmark.runs.length === 0 ? (
            <EmptyState title="No runs yet" testId="benchmark-runs-empty">
              Run this version from a model version&apos;s page.
            </EmptyState>
          ) : (
            <ScrollRegion label="Runs of this benchmark">
              <table className={tableClass} data-testid="benchmark-runs">
                <thead>
                  <tr>
                    <th className={thClass}>Run</th>
                    <th className={thClass}>Model version</th>
                    <th className={thClass}>Status</th>
                    <th className={thClass}>Started</th>
                    <th className={thClass}>Finished</th>
                  </tr>
                </thead>
                <tbody>
                  {benchmark.runs.map((r) => (
                    <tr key={r.id} data-testid="benchmark-run-row">
                      <td className={`${tdClass} font-mono text-xs`}>
                        <Link href={`/runs/${r.id}`} className="underline">
                          {r.id.slice(0, 8)}
                        </Link>
                      </td>
                      <td className={tdClass}>
                        <Link href={`/models/${r.modelVersion.model.id}`} className="hover:underline">
                          {r.modelVersion.model.name}
                        </Link>{" "}
                        {r.modelVersion.version}
                      </td>
                      <td className={tdClass} title={r.error ?? undefined}>
                        <StatusBadge status={r.status} />
                      </td>
                      <td className={`${tdClass} text-muted-foreground`}>
                        <LocalTime value={r.createdAt} />
                      </td>
                      <td className={`${tdClass} text-muted-foreground`}>
                        {r.finishedAt ? <LocalTime value={r.finishedAt} /> : "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </Section>

        <Section
          title="Schedules"
          id="schedules"
          description={`Run v${benchmark.version} on a cadence; each fire creates a run per target version.`}
        >
          <SchedulesPanel benchmarkId={benchmark.id} minEverySeconds={MIN_EVERY_SECONDS} />
        </Section>

        <Section
          title="Leaderboard"
          id="leaderboard"
          description={`The latest succeeded run of each model version on v${benchmark.version}, with intervals and Holm-corrected pairwise tests.`}
        >
          <LeaderboardPanel benchmarkId={benchmark.id} metrics={benchmark.protocol.metrics} />
        </Section>

        <Section
          title="Edit (new version)"
          id="edit"
          description={`Starts from v${benchmark.version}. Saving makes version ${
            (latest?.version ?? benchmark.version) + 1
          } of ${benchmark.name}; this version and its runs do not change.`}
        >
          {/* Keyed by version: moving to another version starts the form from that version's protocol. */}
          <ReviseBenchmarkForm
            key={benchmark.id}
            benchmark={{
              id: benchmark.id,
              name: benchmark.name,
              version: benchmark.version,
              description: benchmark.description,
              datasetVersionId: dv.id,
              protocol: benchmark.protocol,
            }}
            datasetVersions={datasetVersions}
          />
        </Section>
      </div>
    </>
  );
}
