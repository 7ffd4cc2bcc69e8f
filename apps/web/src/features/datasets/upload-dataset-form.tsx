"use client";

/**
 * Upload a labelled dataset (CSV). e2e: labels "Team", "Name", "CSV file", "Id column",
 * "Label column", "Timestamp column (optional)"; testids dataset-team, dataset-name, dataset-file,
 * dataset-id-column, dataset-label-column, dataset-timestamp-column, dataset-submit,
 * success text dataset-done, form error dataset-form-error.
 */
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input, Select } from "~/components/ui/field";
import { useUpload } from "~/features/shared/use-upload";
import { formatCount } from "~/lib/format";

type Result = { datasetVersion: { version: number; rowCount: number }; created: boolean };

export function UploadDatasetForm({ teams }: { teams: { id: string; name: string }[] }) {
  const router = useRouter();
  const { upload, pending, errors } = useUpload("/api/uploads/datasets", [
    "teamId",
    "datasetName",
    "file",
    "idColumn",
    "labelColumn",
    "timestampColumn",
  ]);
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    setDone(null);
    const result = await upload<Result>(new FormData(formElement));
    if (!result) return;
    const { version, rowCount } = result.datasetVersion;
    setDone(
      result.created
        ? `Stored version ${version} with ${formatCount(rowCount)} rows.`
        : `Identical content: this is version ${version} already.`,
    );
    formElement.reset();
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate aria-label="Upload dataset">
      <Field label="Team" error={errors.fields.teamId}>
        {(c) => (
          <Select {...c} name="teamId" defaultValue={teams[0]?.id} data-testid="dataset-team">
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field
        label="Name"
        error={errors.fields.datasetName}
        hint="A new name creates a dataset; an existing one adds a version."
      >
        {(c) => (
          <Input {...c} name="datasetName" required maxLength={120} autoComplete="off" data-testid="dataset-name" />
        )}
      </Field>
      <Field
        label="CSV file"
        error={errors.fields.file}
        hint="Header row first; up to 200 MB."
        className="sm:col-span-2"
      >
        {(c) => <Input {...c} name="file" type="file" accept=".csv,text/csv" required data-testid="dataset-file" />}
      </Field>
      <Field label="Id column" error={errors.fields.idColumn} hint="Unique per row; predictions are keyed by it.">
        {(c) => (
          <Input {...c} name="idColumn" required defaultValue="id" autoComplete="off" data-testid="dataset-id-column" />
        )}
      </Field>
      <Field label="Label column" error={errors.fields.labelColumn} hint="Ground truth (0/1 for binary tasks).">
        {(c) => (
          <Input
            {...c}
            name="labelColumn"
            required
            defaultValue="label"
            autoComplete="off"
            data-testid="dataset-label-column"
          />
        )}
      </Field>
      <Field
        label="Timestamp column (optional)"
        error={errors.fields.timestampColumn}
        hint="Enables temporal splits, the default for benchmarks on this dataset."
      >
        {(c) => <Input {...c} name="timestampColumn" autoComplete="off" data-testid="dataset-timestamp-column" />}
      </Field>
      <div className="flex flex-col gap-2 sm:col-span-2">
        <FormError message={errors.message} testId="dataset-form-error" />
        <div className="flex items-center gap-3">
          <Button type="submit" pending={pending} data-testid="dataset-submit">
            {pending ? "Uploading…" : "Upload dataset"}
          </Button>
          {done && (
            <span role="status" className="text-xs text-pass" data-testid="dataset-done">
              {done}
            </span>
          )}
        </div>
      </div>
    </form>
  );
}
