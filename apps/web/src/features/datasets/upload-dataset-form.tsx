"use client";

/**
 * Upload a labelled dataset (CSV, JSON Lines or Parquet) in two steps: choosing the file
 * inspects its beginning (or a Parquet file's footer) and shows the inferred column types for
 * confirmation, with the id, label, timestamp and slice columns chosen from them; the upload
 * then streams the whole file with a progress bar.
 * e2e: labels "Team", "Name", "File", "Id column", "Label column", "Timestamp column", slice
 * checkboxes labelled by column name; testids dataset-team, dataset-name, dataset-file,
 * dataset-columns (the preview table, rows dataset-column-row with data-column/data-type),
 * dataset-id-column, dataset-label-column, dataset-timestamp-column, dataset-slice-<name>,
 * dataset-submit, dataset-progress, success text dataset-done, form error dataset-form-error.
 */
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input, Select } from "~/components/ui/field";
import { TABLE_FILE_ACCEPT } from "~/features/shared/send-file";
import { UploadProgress } from "~/features/shared/upload-progress";
import { useUpload } from "~/features/shared/use-upload";
import { TeamField } from "~/features/team/team-field";
import { formatCount } from "~/lib/format";
import { ColumnPreview } from "./column-preview";
import { type ColumnRoles, guessRoles, type Inspection, useInspection } from "./use-inspection";

type Result = { datasetVersion: { version: number; rowCount: number }; created: boolean };

const RENDERED = [
  "teamId",
  "name",
  "file",
  "idColumn",
  "labelColumn",
  "timestampColumn",
  "sliceColumns",
  "description",
] as const;

export function UploadDatasetForm({ teams }: { teams: { id: string; name: string }[] }) {
  const router = useRouter();
  const { upload, clearErrors, pending, progress, errors } = useUpload("/api/uploads/datasets", RENDERED);
  const inspection = useInspection();
  const [file, setFile] = useState<File | null>(null);
  const [roles, setRoles] = useState<ColumnRoles | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function onFileChange(chosen: File | null) {
    setFile(chosen);
    setDone(null);
    setRoles(null);
    // The last upload's errors were about the last file.
    clearErrors();
    const result = await inspection.inspect(chosen);
    if (result) setRoles(guessRoles(result));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    setDone(null);
    const form = new FormData(formElement);
    const result = await upload<Result>(file, {
      teamId: String(form.get("teamId") ?? ""),
      name: String(form.get("name") ?? ""),
      idColumn: roles?.idColumn,
      labelColumn: roles?.labelColumn,
      timestampColumn: roles?.timestampColumn || undefined,
      sliceColumns: roles && roles.sliceColumns.length > 0 ? roles.sliceColumns.join(",") : undefined,
    });
    if (!result) return;
    const { version, rowCount } = result.datasetVersion;
    setDone(
      result.created
        ? `Stored version ${version} with ${formatCount(rowCount)} rows.`
        : `Identical content: this is version ${version} already.`,
    );
    formElement.reset();
    setFile(null);
    setRoles(null);
    inspection.reset();
    router.refresh();
  }

  const fileError = errors.fields.file ?? inspection.error ?? undefined;
  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate aria-label="Upload dataset">
      <TeamField
        teams={teams}
        error={errors.fields.teamId}
        name="teamId"
        defaultValue={teams[0]?.id}
        data-testid="dataset-team"
      />
      <Field
        label="Name"
        error={errors.fields.name}
        hint="A new name creates a dataset; an existing one adds a version."
      >
        {(c) => <Input {...c} name="name" required maxLength={120} autoComplete="off" data-testid="dataset-name" />}
      </Field>
      <Field
        label="File"
        error={fileError}
        hint="CSV (header row first), JSON Lines or Parquet; up to 200 MB. Its columns are shown for confirmation."
        className="sm:col-span-2"
      >
        {(c) => (
          <Input
            {...c}
            name="file"
            type="file"
            accept={TABLE_FILE_ACCEPT}
            required
            data-testid="dataset-file"
            onChange={(event) => void onFileChange(event.currentTarget.files?.[0] ?? null)}
          />
        )}
      </Field>
      {inspection.pending && (
        <p className="text-xs text-muted-foreground sm:col-span-2" role="status">
          Reading the file's columns…
        </p>
      )}
      {inspection.result && roles && (
        <ColumnRolesFields inspection={inspection.result} roles={roles} onChange={setRoles} errors={errors.fields} />
      )}
      <div className="flex flex-col gap-2 sm:col-span-2">
        <FormError message={errors.message} testId="dataset-form-error" />
        <UploadProgress progress={progress} testId="dataset-progress" />
        <div className="flex items-center gap-3">
          <Button type="submit" pending={pending} disabled={!roles} data-testid="dataset-submit">
            {pending ? "Uploading…" : "Upload dataset"}
          </Button>
          {!roles && !inspection.pending && (
            <span className="text-xs text-muted-foreground">Choose a file to see its columns first.</span>
          )}
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

function ColumnRolesFields({
  inspection,
  roles,
  onChange,
  errors,
}: {
  inspection: Inspection;
  roles: ColumnRoles;
  onChange: (roles: ColumnRoles) => void;
  errors: Partial<Record<(typeof RENDERED)[number], string>>;
}) {
  const names = inspection.columns.map((c) => c.name);
  const timeLike = inspection.columns.filter((c) => c.type === "timestamp" || c.type === "number").map((c) => c.name);
  const sliceable = inspection.columns
    .filter(
      (c) => (c.type === "string" || c.type === "boolean") && c.name !== roles.idColumn && c.name !== roles.labelColumn,
    )
    .map((c) => c.name);
  // A column chosen as id or label is no longer offered as a slice, so it is not kept as one either.
  const set = (patch: Partial<ColumnRoles>) => {
    const next = { ...roles, ...patch };
    onChange({ ...next, sliceColumns: next.sliceColumns.filter((n) => n !== next.idColumn && n !== next.labelColumn) });
  };
  return (
    <>
      <ColumnPreview inspection={inspection} className="sm:col-span-2" />
      <Field label="Id column" error={errors.idColumn} hint="Unique per row; predictions are keyed by it.">
        {(c) => (
          <Select
            {...c}
            value={roles.idColumn}
            onChange={(e) => set({ idColumn: e.currentTarget.value })}
            data-testid="dataset-id-column"
          >
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Label column" error={errors.labelColumn} hint="Ground truth (0/1 for binary tasks).">
        {(c) => (
          <Select
            {...c}
            value={roles.labelColumn}
            onChange={(e) => set({ labelColumn: e.currentTarget.value })}
            data-testid="dataset-label-column"
          >
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field
        label="Timestamp column"
        error={errors.timestampColumn}
        hint="Enables temporal splits, the default for benchmarks on this dataset."
      >
        {(c) => (
          <Select
            {...c}
            value={roles.timestampColumn}
            onChange={(e) => set({ timestampColumn: e.currentTarget.value })}
            data-testid="dataset-timestamp-column"
          >
            <option value="">None</option>
            {timeLike.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-xs font-medium text-foreground">Slice columns</legend>
        {sliceable.length === 0 ? (
          <p className="text-xs text-muted-foreground">No text or yes/no columns to slice by.</p>
        ) : (
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {sliceable.map((n) => (
              <label key={n} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={roles.sliceColumns.includes(n)}
                  onChange={(e) =>
                    set({
                      sliceColumns: e.currentTarget.checked
                        ? [...roles.sliceColumns, n]
                        : roles.sliceColumns.filter((s) => s !== n),
                    })
                  }
                  data-testid={`dataset-slice-${n}`}
                />
                {n}
              </label>
            ))}
          </div>
        )}
        {errors.sliceColumns && (
          <p className="text-xs text-fail" role="alert">
            {errors.sliceColumns}
          </p>
        )}
        <p className="text-xs text-muted-foreground">Metrics are also reported per value of each slice column.</p>
      </fieldset>
    </>
  );
}
