"use client";

/**
 * Define a benchmark. e2e: labels "Name", "Dataset version", "Split", "Test fraction", "Seed",
 * "Cutoff", "Threshold", metric checkboxes labelled by metric name; testids benchmark-name,
 * benchmark-dataset-version, benchmark-split, benchmark-test-fraction, benchmark-seed,
 * benchmark-cutoff, benchmark-metric-<name>, benchmark-threshold, benchmark-submit,
 * success text benchmark-done, form error benchmark-form-error.
 */
import { BINARY_METRICS, type BinaryMetricName } from "@fieldtest/core";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input, Select } from "~/components/ui/field";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";

export type BenchmarkDatasetVersion = { id: string; label: string; timestampColumn: string | null };

const optionalNumber = (value: FormDataEntryValue | null): number | undefined =>
  typeof value === "string" && value.trim() !== "" ? Number(value) : undefined;

export function CreateBenchmarkForm({ datasetVersions }: { datasetVersions: BenchmarkDatasetVersion[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [datasetVersionId, setDatasetVersionId] = useState(datasetVersions[0]?.id ?? "");
  const selected = datasetVersions.find((d) => d.id === datasetVersionId);
  // A dataset with a timestamp column defaults to a temporal split (DESIGN.md: temporal realism).
  const [splitKind, setSplitKind] = useState<"random" | "temporal">(selected?.timestampColumn ? "temporal" : "random");
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation(
    trpc.benchmark.create.mutationOptions({
      onSuccess: (benchmark) => {
        setDone(`Defined ${benchmark.name} v${benchmark.version}.`);
        router.refresh();
      },
    }),
  );
  // Errors of fields without a control here (`metrics.0`, the hidden split's) show as the form-level message.
  const errors = fieldErrorsOf(create.error, [
    "name",
    "datasetVersionId",
    "split",
    "split.kind",
    splitKind === "random" ? "split.testFraction" : "split.cutoff",
    "seed",
    "threshold",
    "metrics",
  ]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: String(form.get("name") ?? ""),
      datasetVersionId,
      split:
        splitKind === "random"
          ? { kind: "random", testFraction: optionalNumber(form.get("testFraction")) as number }
          : { kind: "temporal", cutoff: String(form.get("cutoff") ?? "") },
      seed: optionalNumber(form.get("seed")),
      metrics: form.getAll("metrics").map(String) as BinaryMetricName[],
      threshold: optionalNumber(form.get("threshold")),
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
              setSplitKind(next?.timestampColumn ? "temporal" : "random");
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
        label="Split"
        error={errors.fields["split.kind"] ?? errors.fields.split}
        hint={
          selected?.timestampColumn
            ? `Temporal cuts on ${selected.timestampColumn}.`
            : "No timestamp column: random only."
        }
      >
        {(c) => (
          <Select
            {...c}
            name="splitKind"
            value={splitKind}
            onChange={(e) => setSplitKind(e.target.value as "random" | "temporal")}
            data-testid="benchmark-split"
          >
            <option value="temporal" disabled={!selected?.timestampColumn}>
              temporal (train before cutoff, test from it)
            </option>
            <option value="random">random (seeded)</option>
          </Select>
        )}
      </Field>
      {splitKind === "random" ? (
        <Field
          label="Test fraction"
          error={errors.fields["split.testFraction"]}
          hint="Share of rows in the test set, between 0 and 1."
        >
          {(c) => (
            <Input
              {...c}
              name="testFraction"
              type="number"
              inputMode="decimal"
              step="0.05"
              min="0.05"
              max="0.95"
              defaultValue="0.2"
              data-testid="benchmark-test-fraction"
            />
          )}
        </Field>
      ) : (
        <Field
          label="Cutoff"
          error={errors.fields["split.cutoff"]}
          hint="Rows at or after this date (UTC) are the test set."
        >
          {(c) => <Input {...c} name="cutoff" type="date" required data-testid="benchmark-cutoff" />}
        </Field>
      )}
      <Field label="Seed" error={errors.fields.seed} hint="Optional; drawn once and stored when left empty.">
        {(c) => (
          <Input {...c} name="seed" type="number" min="0" step="1" inputMode="numeric" data-testid="benchmark-seed" />
        )}
      </Field>
      <Field label="Threshold" error={errors.fields.threshold} hint="Score ≥ threshold predicts positive.">
        {(c) => (
          <Input
            {...c}
            name="threshold"
            type="number"
            inputMode="decimal"
            step="0.01"
            min="0"
            max="1"
            defaultValue="0.5"
            data-testid="benchmark-threshold"
          />
        )}
      </Field>
      <fieldset
        className="flex flex-col gap-1 sm:col-span-2"
        aria-invalid={errors.fields.metrics ? true : undefined}
        aria-describedby={errors.fields.metrics ? "benchmark-metrics-error" : undefined}
      >
        <legend className="mb-1 text-xs font-medium">Metrics</legend>
        <div className="flex flex-wrap gap-4">
          {BINARY_METRICS.map((metric) => (
            <label key={metric} className="inline-flex items-center gap-1.5 font-mono text-xs">
              <input
                type="checkbox"
                name="metrics"
                value={metric}
                defaultChecked
                className="size-3.5 accent-[var(--primary)]"
                data-testid={`benchmark-metric-${metric}`}
              />
              {metric}
            </label>
          ))}
        </div>
        {errors.fields.metrics && (
          <p id="benchmark-metrics-error" role="alert" className="text-xs text-fail">
            {errors.fields.metrics}
          </p>
        )}
      </fieldset>
      <div className="flex flex-col gap-2 sm:col-span-2">
        <FormError message={errors.message} testId="benchmark-form-error" />
        <div className="flex items-center gap-3">
          <Button type="submit" pending={create.isPending} data-testid="benchmark-submit">
            {create.isPending ? "Defining…" : "Define benchmark"}
          </Button>
          {done && (
            <span role="status" className="text-xs text-pass" data-testid="benchmark-done">
              {done}
            </span>
          )}
        </div>
      </div>
    </form>
  );
}
