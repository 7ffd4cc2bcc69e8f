"use client";

/**
 * How a non-offline version is reached, and for remote endpoints a "Test connection" action that
 * calls it once and shows what it answered. e2e: testids endpoint-summary, endpoint-test-dataset,
 * endpoint-test-submit, endpoint-test-result (data-ok="true|false").
 */
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Select } from "~/components/ui/field";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";
import type { DatasetVersionOption } from "./version-panel";

type EndpointConfig = { url?: string; modelName?: string; algorithm?: string; params?: Record<string, unknown> } | null;

export function EndpointPanel({
  version,
  datasetVersions,
}: {
  version: { id: string; endpointKind: string; endpointConfig: unknown; endpointAuthHeader: string | null };
  datasetVersions: DatasetVersionOption[];
}) {
  const config = (version.endpointConfig ?? null) as EndpointConfig;
  const remote = version.endpointKind === "open-inference-v2" || version.endpointKind === "http-json";
  return (
    <div className="flex flex-col gap-3">
      <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Endpoint</h4>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm" data-testid="endpoint-summary">
        <dt className="text-muted-foreground">Protocol</dt>
        <dd>{version.endpointKind}</dd>
        {version.endpointKind === "builtin" && (
          <>
            <dt className="text-muted-foreground">Algorithm</dt>
            <dd>{config?.algorithm?.replaceAll("_", " ") ?? "—"}</dd>
            <dt className="text-muted-foreground">Trained on</dt>
            <dd>each benchmark's train split, per run</dd>
          </>
        )}
        {remote && (
          <>
            <dt className="text-muted-foreground">URL</dt>
            <dd className="font-mono text-xs break-all">{config?.url ?? "—"}</dd>
            {config?.modelName && (
              <>
                <dt className="text-muted-foreground">Model name</dt>
                <dd className="font-mono text-xs">{config.modelName}</dd>
              </>
            )}
            <dt className="text-muted-foreground">Secret</dt>
            <dd>{version.endpointAuthHeader ? `stored encrypted, sent as ${version.endpointAuthHeader}` : "none"}</dd>
          </>
        )}
      </dl>
      {remote && <TestConnectionForm modelVersionId={version.id} datasetVersions={datasetVersions} />}
    </div>
  );
}

function TestConnectionForm({
  modelVersionId,
  datasetVersions,
}: {
  modelVersionId: string;
  datasetVersions: DatasetVersionOption[];
}) {
  const trpc = useTRPC();
  const [datasetVersionId, setDatasetVersionId] = useState("");
  const test = useMutation(trpc.modelVersion.testConnection.mutationOptions());
  const errors = fieldErrorsOf(test.error, ["datasetVersionId"]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    test.mutate({ modelVersionId, ...(datasetVersionId ? { datasetVersionId } : {}) });
  }

  const report = test.data;
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-2" noValidate aria-label="Test connection">
      <Field
        label="Sample row"
        error={errors.fields.datasetVersionId}
        hint="The first row of a dataset version is sent as a one-row request."
      >
        {(c) => (
          <Select
            {...c}
            value={datasetVersionId}
            onChange={(e) => setDatasetVersionId(e.currentTarget.value)}
            data-testid="endpoint-test-dataset"
          >
            <option value="">None (readiness and metadata only)</option>
            {datasetVersions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div>
        <Button type="submit" variant="secondary" pending={test.isPending} data-testid="endpoint-test-submit">
          {test.isPending ? "Calling…" : "Test connection"}
        </Button>
      </div>
      <FormError message={errors.message} />
      {report && (
        <div
          role="status"
          data-testid="endpoint-test-result"
          data-ok={String(report.ok)}
          className={report.ok ? "text-xs text-pass" : "text-xs text-fail"}
        >
          <p className="font-medium">{report.summary}</p>
          <ul className="mt-1 list-disc pl-4 text-muted-foreground">
            {report.details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
