"use client";

/**
 * Define a benchmark (a versioned protocol). e2e: labels "Name", "Dataset version", "Split",
 * "Test fraction", "Seed", "Cutoff", "Threshold", metric checkboxes labelled by metric name;
 * testids benchmark-name, benchmark-dataset-version, benchmark-split, benchmark-test-fraction,
 * benchmark-seed, benchmark-cutoff, benchmark-metric-<name>, benchmark-threshold,
 * benchmark-submit, success text benchmark-done (with a link to the benchmark's page), form
 * error benchmark-form-error.
 * Protocol groups (features/benchmarks/protocol-fields.tsx): benchmark-description,
 * benchmark-task; rolling split: benchmark-folds, benchmark-test-window-unit,
 * benchmark-test-window, benchmark-train-window, benchmark-train-window-days, benchmark-gap;
 * benchmark-slice-<column>; benchmark-costs-enabled, benchmark-cost-{fp,fn,tp,tn};
 * benchmark-confidence-level, benchmark-resamples; benchmark-holdout-enabled,
 * benchmark-holdout-fraction, benchmark-holdout-budget, benchmark-holdout-mechanism;
 * stress: benchmark-add-scenario, benchmark-scenario-<i>-name,
 * benchmark-scenario-<i>-perturbation-<k>-{kind,columns,factor,rate,operation,amount}.
 */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input, Select, Textarea } from "~/components/ui/field";
import { defaultDraft, type ProtocolDraft, protocolInputFromDraft } from "~/features/benchmarks/protocol-draft";
import { benchmarkFormErrors } from "~/features/benchmarks/protocol-errors";
import { type FeatureColumn, isProtocolField, ProtocolFields } from "~/features/benchmarks/protocol-fields";
import { useTRPC } from "~/trpc/react";

export type BenchmarkDatasetVersion = {
  id: string;
  label: string;
  timestampColumn: string | null;
  /** Feature columns (not the id, label or timestamp column). */
  columns: FeatureColumn[];
  /** The slice columns declared at upload: preselected. */
  sliceColumns: string[];
};

const FORM_FIELDS = ["name", "description", "datasetVersionId"];

export function draftFor(datasetVersion: BenchmarkDatasetVersion | undefined): ProtocolDraft {
  return defaultDraft({
    hasTimestamp: Boolean(datasetVersion?.timestampColumn),
    sliceColumns: datasetVersion?.sliceColumns.filter((s) => datasetVersion.columns.some((c) => c.name === s)),
  });
}

export function CreateBenchmarkForm({ datasetVersions }: { datasetVersions: BenchmarkDatasetVersion[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [datasetVersionId, setDatasetVersionId] = useState(datasetVersions[0]?.id ?? "");
  const selected = datasetVersions.find((d) => d.id === datasetVersionId);
  // A dataset with a timestamp column defaults to a temporal split (DESIGN.md: temporal realism).
  const [draft, setDraft] = useState<ProtocolDraft>(() => draftFor(selected));
  const [done, setDone] = useState<{ id: string; text: string } | null>(null);
  const create = useMutation(
    trpc.benchmark.create.mutationOptions({
      onSuccess: (benchmark) => {
        setDone({ id: benchmark.id, text: `Defined ${benchmark.name} v${benchmark.version}.` });
        router.refresh();
      },
    }),
  );
  const errors = benchmarkFormErrors(create.error, (f) => FORM_FIELDS.includes(f) || isProtocolField(f));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? ""),
      datasetVersionId,
      ...protocolInputFromDraft(draft, undefined),
    });
  }

  if (datasetVersions.length === 0) {
    return <p className="text-muted-foreground">Upload a dataset first; a benchmark fixes one dataset version.</p>;
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate aria-label="Define benchmark">
      <Field label="Name" error={errors.fields.name} hint="Reusing a name creates its next version.">
        {(c) => <Input {...c} name="name" required maxLength={120} autoComplete="off" data-testid="benchmark-name" />}
      </Field>
      <Field label="Dataset version" error={errors.fields.datasetVersionId}>
        {(c) => (
          <Select
            {...c}
            name="datasetVersionId"
            value={datasetVersionId}
            onChange={(e) => {
              setDatasetVersionId(e.target.value);
              const next = datasetVersions.find((d) => d.id === e.target.value);
              setDraft({ ...draftFor(next), task: draft.task, metrics: draft.metrics, stress: draft.stress });
            }}
            data-testid="benchmark-dataset-version"
          >
            {datasetVersions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field
        label="Description"
        error={errors.fields.description}
        hint="Optional: what this benchmark measures."
        className="sm:col-span-2"
      >
        {(c) => <Textarea {...c} name="description" rows={2} maxLength={2000} data-testid="benchmark-description" />}
      </Field>
      <ProtocolFields
        draft={draft}
        onChange={setDraft}
        columns={selected?.columns ?? []}
        timestampColumn={selected?.timestampColumn ?? null}
        errors={errors.fields}
      />
      <p className="text-xs text-muted-foreground sm:col-span-2">
        Runs in this release execute the split, metrics, threshold and confidence. Rolling backtests, slices, decision
        costs, stress scenarios and a hidden holdout are part of the protocol; a run of a version that uses them fails
        and says so until runs execute them.
      </p>
      <div className="flex flex-col gap-2 sm:col-span-2">
        <FormError message={errors.message} testId="benchmark-form-error" />
        <div className="flex items-center gap-3">
          <Button type="submit" pending={create.isPending} data-testid="benchmark-submit">
            {create.isPending ? "Defining…" : "Define benchmark"}
          </Button>
          {done && (
            <span role="status" className="text-xs text-pass" data-testid="benchmark-done">
              {done.text}{" "}
              <Link href={`/benchmarks/${done.id}`} className="underline">
                Open it
              </Link>
            </span>
          )}
        </div>
      </div>
    </form>
  );
}
