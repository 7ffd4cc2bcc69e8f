"use client";

/**
 * "Edit (new version)": the protocol of one benchmark version, prefilled, saved as the name's
 * next version (benchmark.revise); the version it starts from and its runs stay as they are.
 * e2e: testids revise-dataset-version, revise-description, revise-submit, revise-form-error;
 * the protocol groups use the same testids as the define form (features/benchmarks/create-benchmark-form.tsx).
 */
import type { BenchmarkProtocol } from "@fieldtest/core";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Select, Textarea } from "~/components/ui/field";
import type { BenchmarkDatasetVersion } from "~/features/benchmarks/create-benchmark-form";
import type { RouterInputs } from "~/server/api/root";
import { useTRPC } from "~/trpc/react";
import { draftFromProtocol, type ProtocolDraft, protocolInputFromDraft } from "./protocol-draft";
import { benchmarkFormErrors } from "./protocol-errors";
import { isProtocolField, ProtocolFields } from "./protocol-fields";

const FORM_FIELDS = ["description", "datasetVersionId"];

export function ReviseBenchmarkForm({
  benchmark,
  datasetVersions,
}: {
  benchmark: {
    id: string;
    name: string;
    version: number;
    description: string;
    datasetVersionId: string;
    protocol: BenchmarkProtocol;
  };
  /** The team's dataset versions; a new version may move to another one. */
  datasetVersions: BenchmarkDatasetVersion[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [datasetVersionId, setDatasetVersionId] = useState(benchmark.datasetVersionId);
  const [draft, setDraft] = useState<ProtocolDraft>(() => draftFromProtocol(benchmark.protocol));
  const selected = datasetVersions.find((d) => d.id === datasetVersionId);
  const revise = useMutation(
    trpc.benchmark.revise.mutationOptions({
      onSuccess: (next) => router.push(`/benchmarks/${next.id}`),
    }),
  );
  const errors = benchmarkFormErrors(revise.error, (f) => FORM_FIELDS.includes(f) || isProtocolField(f));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // The whole protocol as the form shows it; null removes a part switched off here.
    const input = {
      benchmarkId: benchmark.id,
      description: String(form.get("description") ?? ""),
      datasetVersionId,
      ...protocolInputFromDraft(draft, null),
    } as RouterInputs["benchmark"]["revise"];
    revise.mutate(input);
  }

  return (
    <form
      onSubmit={onSubmit}
      className="grid gap-3 sm:grid-cols-2"
      noValidate
      aria-label={`Edit ${benchmark.name} as a new version`}
    >
      <Field
        label="Dataset version"
        error={errors.fields.datasetVersionId}
        hint="A new version may run on another dataset version."
      >
        {(c) => (
          <Select
            {...c}
            value={datasetVersionId}
            onChange={(e) => setDatasetVersionId(e.target.value)}
            data-testid="revise-dataset-version"
          >
            {datasetVersions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Description" error={errors.fields.description} className="sm:col-span-2">
        {(c) => (
          <Textarea
            {...c}
            name="description"
            rows={2}
            maxLength={2000}
            defaultValue={benchmark.description}
            data-testid="revise-description"
          />
        )}
      </Field>
      <ProtocolFields
        draft={draft}
        onChange={setDraft}
        columns={selected?.columns ?? []}
        timestampColumn={selected?.timestampColumn ?? null}
        errors={errors.fields}
      />
      <div className="flex flex-col gap-2 sm:col-span-2">
        <FormError message={errors.message} testId="revise-form-error" />
        <div className="flex items-center gap-3">
          <Button type="submit" pending={revise.isPending} data-testid="revise-submit">
            {revise.isPending ? "Saving…" : "Save as a new version"}
          </Button>
          <span className="text-xs text-muted-foreground">
            v{benchmark.version} and its runs stay unchanged; the new version gets the next number.
          </span>
        </div>
      </div>
    </form>
  );
}
