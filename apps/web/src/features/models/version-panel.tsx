"use client";

/**
 * One model version: upload its predictions for a dataset version, run a benchmark, list its runs.
 * e2e (scope with getByTestId("version-panel").filter({ has: getByText("v1.0.0") }) or data-version):
 *   predictions: labels "Dataset version", "Predictions file"; testids predictions-dataset-version,
 *     predictions-file, predictions-submit, predictions-done (success text), predictions-form-error.
 *   run: label "Benchmark"; testids run-benchmark-select, run-benchmark-submit, run-form-error.
 *   runs: table data-testid="version-runs", rows data-testid="version-run-row"; when only the latest
 *     runs are listed, a note data-testid="version-runs-truncated".
 */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input, Select } from "~/components/ui/field";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { StatusBadge } from "~/components/ui/status-badge";
import { CopyId } from "~/features/shared/copy-button";
import { LocalTime } from "~/features/shared/local-time";
import { TABLE_FILE_ACCEPT } from "~/features/shared/send-file";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import { UploadProgress } from "~/features/shared/upload-progress";
import { useUpload } from "~/features/shared/use-upload";
import { formatCount, formatMetric } from "~/lib/format";
import type { RouterOutputs } from "~/server/api/root";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";
import { EndpointPanel } from "./endpoint-panel";

type Version = RouterOutputs["model"]["byId"]["versions"][number];
export type DatasetVersionOption = { id: string; label: string };
export type BenchmarkOption = { id: string; label: string; datasetVersionId: string };

export function VersionPanel({
  version,
  datasetVersions,
  benchmarks,
}: {
  version: Version;
  datasetVersions: DatasetVersionOption[];
  benchmarks: BenchmarkOption[];
}) {
  const offline = version.endpointKind === "offline";
  return (
    <div data-testid="version-panel" data-version={version.version} className="rounded-lg border bg-surface">
      <header className="flex flex-wrap items-center gap-3 border-b px-4 py-2.5">
        <h3 className="font-semibold">{version.version}</h3>
        <span className="rounded-full border px-2 py-0.5 text-xs text-muted-foreground">{version.stage}</span>
        <span className="text-xs text-muted-foreground">endpoint: {version.endpointKind}</span>
        <CopyId label="Version id" value={version.id} />
        <span className="ml-auto text-xs text-muted-foreground">
          by {version.createdBy.name} · <LocalTime value={version.createdAt} />
        </span>
      </header>
      <div className="grid gap-6 p-4 lg:grid-cols-2">
        {offline ? (
          <UploadPredictionsForm version={version} datasetVersions={datasetVersions} />
        ) : (
          <EndpointPanel version={version} datasetVersions={datasetVersions} />
        )}
        <RunBenchmarkForm version={version} benchmarks={benchmarks} />
      </div>
      <RunsTable runs={version.runs} truncated={version.runsTruncated} />
    </div>
  );
}

function UploadPredictionsForm({
  version,
  datasetVersions,
}: {
  version: Version;
  datasetVersions: DatasetVersionOption[];
}) {
  const router = useRouter();
  const { upload, pending, progress, errors } = useUpload("/api/uploads/predictions", [
    "datasetVersionId",
    "file",
    "modelVersionId",
  ]);
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    setDone(null);
    const form = new FormData(formElement);
    const file = form.get("file");
    const result = await upload<{ predictions: { rowCount: number }; created: boolean }>(
      file instanceof File ? file : null,
      { modelVersionId: version.id, datasetVersionId: String(form.get("datasetVersionId") ?? "") },
    );
    if (!result) return;
    setDone(
      result.created
        ? `Stored ${formatCount(result.predictions.rowCount)} predictions.`
        : "These predictions were already uploaded.",
    );
    formElement.reset();
    router.refresh();
  }

  return (
    <form
      onSubmit={onSubmit}
      className="flex flex-col gap-3"
      noValidate
      aria-label={`Upload predictions for ${version.version}`}
    >
      <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Upload predictions</h4>
      {datasetVersions.length === 0 ? (
        <p className="text-muted-foreground">
          Upload a dataset on the{" "}
          <Link href="/datasets" className="text-primary underline">
            Datasets
          </Link>{" "}
          page first.
        </p>
      ) : (
        <>
          <Field label="Dataset version" error={errors.fields.datasetVersionId}>
            {(c) => (
              <Select {...c} name="datasetVersionId" data-testid="predictions-dataset-version">
                {datasetVersions.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field
            label="Predictions file"
            error={errors.fields.file ?? errors.fields.modelVersionId}
            hint="CSV, JSON Lines or Parquet with the dataset's id column (or id) and a score column (probability of the positive class)."
          >
            {(c) => (
              <Input
                {...c}
                name="file"
                type="file"
                accept={TABLE_FILE_ACCEPT}
                required
                data-testid="predictions-file"
              />
            )}
          </Field>
          <UploadProgress progress={progress} testId="predictions-progress" />
          <FormError message={errors.message} testId="predictions-form-error" />
          {version.predictions.length > 0 && (
            <ul className="text-xs text-muted-foreground">
              {version.predictions.map((p) => (
                <li key={p.id}>
                  Uploaded for {p.datasetVersion.dataset.name} v{p.datasetVersion.version}: {formatCount(p.rowCount)}{" "}
                  rows
                </li>
              ))}
            </ul>
          )}
          <div className="flex items-center gap-3">
            <Button type="submit" variant="secondary" pending={pending} data-testid="predictions-submit">
              {pending ? "Uploading…" : "Upload predictions"}
            </Button>
            {done && (
              <span role="status" className="text-xs text-pass" data-testid="predictions-done">
                {done}
              </span>
            )}
          </div>
        </>
      )}
    </form>
  );
}

function RunBenchmarkForm({ version, benchmarks }: { version: Version; benchmarks: BenchmarkOption[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.run.create.mutationOptions({ onSuccess: (run) => router.push(`/runs/${run.id}`) }));
  const errors = fieldErrorsOf(create.error, ["benchmarkId", "modelVersionId"]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ benchmarkId: String(form.get("benchmarkId") ?? ""), modelVersionId: version.id });
  }

  return (
    <form
      onSubmit={onSubmit}
      className="flex flex-col gap-3"
      noValidate
      aria-label={`Run a benchmark for ${version.version}`}
    >
      <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Run benchmark</h4>
      {benchmarks.length === 0 ? (
        <p className="text-muted-foreground">
          Define a benchmark on the{" "}
          <Link href="/datasets" className="text-primary underline">
            Datasets
          </Link>{" "}
          page first.
        </p>
      ) : (
        <>
          <Field
            label="Benchmark"
            error={errors.fields.benchmarkId ?? errors.fields.modelVersionId}
            hint={
              version.endpointKind === "offline"
                ? "The version needs predictions for the benchmark's dataset version."
                : version.endpointKind === "builtin"
                  ? "Fieldtest trains this baseline on the benchmark's train split, then scores its test rows."
                  : "Fieldtest calls the endpoint with the benchmark's test rows."
            }
          >
            {(c) => (
              <Select {...c} name="benchmarkId" data-testid="run-benchmark-select">
                {benchmarks.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <FormError message={errors.message} testId="run-form-error" />
          <div>
            <Button type="submit" pending={create.isPending} data-testid="run-benchmark-submit">
              {create.isPending ? "Starting…" : "Run benchmark"}
            </Button>
          </div>
        </>
      )}
    </form>
  );
}

function RunsTable({ runs, truncated }: { runs: Version["runs"]; truncated: boolean }) {
  if (runs.length === 0) return <p className="border-t px-4 py-3 text-muted-foreground">No runs yet.</p>;
  return (
    <ScrollRegion label="Runs of this version" className="border-t">
      <table className={tableClass} data-testid="version-runs">
        <thead>
          <tr>
            <th className={thClass}>Run</th>
            <th className={thClass}>Benchmark</th>
            <th className={thClass}>Status</th>
            <th className={`${thClass} text-right`}>roc_auc</th>
            <th className={thClass}>Started</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-testid="version-run-row">
              <td className={tdClass}>
                <Link href={`/runs/${r.id}`} className="font-mono text-xs text-primary hover:underline">
                  {r.id.slice(0, 8)}
                </Link>
              </td>
              <td className={tdClass}>{r.benchmark ? `${r.benchmark.name} v${r.benchmark.version}` : r.kind}</td>
              <td className={tdClass}>
                <StatusBadge status={r.status} />
              </td>
              <td className={`${tdClass} tabular text-right`}>{formatMetric(r.rocAuc)}</td>
              <td className={`${tdClass} text-muted-foreground`}>
                <TimeWithRelative value={r.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {truncated ? (
        <p className="border-t px-4 py-2 text-muted-foreground text-xs" data-testid="version-runs-truncated">
          Showing the latest {runs.length} runs.
        </p>
      ) : null}
    </ScrollRegion>
  );
}
