"use client";

/**
 * Register a version. e2e: labels "Version", "Endpoint", "Notes"; testids version-label,
 * version-endpoint, version-submit; form error version-form-error. Only `offline` is enabled.
 */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useRef } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input, Select } from "~/components/ui/field";
import { ENDPOINT_KIND_NOTE } from "~/lib/endpoint-kind";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";

const KINDS = [
  { value: "offline", label: "offline — upload predictions", enabled: true },
  { value: "open-inference-v2", label: "open-inference-v2 (coming later)", enabled: false },
  { value: "http-json", label: "http-json (coming later)", enabled: false },
  { value: "builtin", label: "builtin (coming later)", enabled: false },
] as const;

export function RegisterVersionForm({ modelId }: { modelId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const create = useMutation(
    trpc.modelVersion.create.mutationOptions({
      onSuccess: () => {
        formRef.current?.reset();
        router.refresh();
      },
    }),
  );
  // modelId is not a control here: its errors (NOT_FOUND) show as the form-level message.
  const errors = fieldErrorsOf(create.error, ["version", "endpointKind", "notes"]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      modelId,
      version: String(form.get("version") ?? ""),
      endpointKind: String(form.get("endpointKind") ?? "offline") as (typeof KINDS)[number]["value"],
      notes: String(form.get("notes") ?? ""),
    });
  }

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      className="grid gap-3 sm:grid-cols-[10rem_16rem_1fr_auto] sm:items-start"
      noValidate
    >
      <Field label="Version" error={errors.fields.version} hint="e.g. 1.0.0">
        {(c) => <Input {...c} name="version" required maxLength={64} autoComplete="off" data-testid="version-label" />}
      </Field>
      <Field label="Endpoint" error={errors.fields.endpointKind} hint={ENDPOINT_KIND_NOTE}>
        {(c) => (
          <Select {...c} name="endpointKind" defaultValue="offline" data-testid="version-endpoint">
            {KINDS.map((k) => (
              <option key={k.value} value={k.value} disabled={!k.enabled}>
                {k.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Notes" error={errors.fields.notes}>
        {(c) => <Input {...c} name="notes" maxLength={2000} autoComplete="off" />}
      </Field>
      <div className="sm:pt-5">
        <Button type="submit" pending={create.isPending} data-testid="version-submit">
          {create.isPending ? "Registering…" : "Register version"}
        </Button>
      </div>
      <div className="sm:col-span-4">
        <FormError message={errors.message} testId="version-form-error" />
      </div>
    </form>
  );
}
