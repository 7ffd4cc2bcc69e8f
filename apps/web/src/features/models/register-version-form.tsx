"use client";

/**
 * Register a version and how Fieldtest reaches it (DESIGN.md "Model endpoints").
 * e2e: labels "Version", "Endpoint", "Algorithm", "URL", "Model name", "Auth header", "Secret",
 * "Notes"; testids version-label, version-endpoint, version-algorithm, version-url,
 * version-model-name, version-auth-header, version-secret, version-submit; form error
 * version-form-error.
 */
import type { EndpointRegistration } from "@fieldtest/core";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input, Select } from "~/components/ui/field";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";

type Protocol = EndpointRegistration["protocol"];

const PROTOCOLS: { value: Protocol; label: string; hint: string }[] = [
  {
    value: "offline",
    label: "offline — upload predictions",
    hint: "Upload this version's predictions per dataset version.",
  },
  {
    value: "builtin",
    label: "builtin — a baseline Fieldtest trains",
    hint: "Trained on each benchmark's train split.",
  },
  {
    value: "open-inference-v2",
    label: "open-inference-v2 (KServe, Triton, MLServer)",
    hint: "POST {URL}/v2/models/{model name}/infer, one tensor per feature column.",
  },
  {
    value: "http-json",
    label: "http-json",
    hint: "POST a JSON array of feature records; the answer is an array of scores.",
  },
];

const ALGORITHMS = [
  { value: "logistic_regression", label: "logistic regression (scikit-learn's defaults)" },
  { value: "gradient_boosting", label: "gradient-boosted trees (depth 3, 100 rounds)" },
] as const;

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** The endpoint as the API takes it, from the fields shown for the chosen protocol. */
function endpointOf(protocol: Protocol, form: FormData): EndpointRegistration {
  if (protocol === "offline") return { protocol };
  if (protocol === "builtin") {
    return { protocol, algorithm: text(form, "algorithm") as (typeof ALGORITHMS)[number]["value"] };
  }
  const secret = String(form.get("secret") ?? "");
  const auth = secret === "" ? {} : { auth: { header: text(form, "authHeader") || "authorization", secret } };
  if (protocol === "open-inference-v2") {
    return { protocol, url: text(form, "url"), modelName: text(form, "modelName"), ...auth };
  }
  return { protocol, url: text(form, "url"), ...auth };
}

export function RegisterVersionForm({ modelId }: { modelId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [protocol, setProtocol] = useState<Protocol>("offline");
  const create = useMutation(
    trpc.modelVersion.create.mutationOptions({
      onSuccess: () => {
        formRef.current?.reset();
        setProtocol("offline");
        router.refresh();
      },
    }),
  );
  // modelId is not a control here: its errors (NOT_FOUND) show as the form-level message.
  const errors = fieldErrorsOf(create.error, [
    "version",
    "endpoint.protocol",
    "endpoint.algorithm",
    "endpoint.url",
    "endpoint.modelName",
    "endpoint.auth.header",
    "endpoint.auth.secret",
    "notes",
  ]);
  const remote = protocol === "open-inference-v2" || protocol === "http-json";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      modelId,
      version: text(form, "version"),
      endpoint: endpointOf(protocol, form),
      notes: text(form, "notes"),
    });
  }

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      className="grid gap-3 sm:grid-cols-2"
      noValidate
      aria-label="Register version"
    >
      <Field label="Version" error={errors.fields.version} hint="e.g. 1.0.0">
        {(c) => <Input {...c} name="version" required maxLength={64} autoComplete="off" data-testid="version-label" />}
      </Field>
      <Field
        label="Endpoint"
        error={errors.fields["endpoint.protocol"]}
        hint={PROTOCOLS.find((p) => p.value === protocol)?.hint}
      >
        {(c) => (
          <Select
            {...c}
            name="protocol"
            value={protocol}
            onChange={(e) => setProtocol(e.currentTarget.value as Protocol)}
            data-testid="version-endpoint"
          >
            {PROTOCOLS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {protocol === "builtin" && (
        <Field label="Algorithm" error={errors.fields["endpoint.algorithm"]}>
          {(c) => (
            <Select {...c} name="algorithm" defaultValue="logistic_regression" data-testid="version-algorithm">
              {ALGORITHMS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      {remote && (
        <>
          <Field
            label="URL"
            error={errors.fields["endpoint.url"]}
            hint="The server's base URL. Private and loopback addresses need the operator's FIELDTEST_OUTBOUND_ALLOW."
          >
            {(c) => (
              <Input
                {...c}
                name="url"
                type="url"
                required
                placeholder="https://models.example.com"
                autoComplete="off"
                data-testid="version-url"
              />
            )}
          </Field>
          {protocol === "open-inference-v2" && (
            <Field label="Model name" error={errors.fields["endpoint.modelName"]} hint="As in /v2/models/{name}.">
              {(c) => <Input {...c} name="modelName" required autoComplete="off" data-testid="version-model-name" />}
            </Field>
          )}
          <Field label="Auth header" error={errors.fields["endpoint.auth.header"]} hint="Used only with a secret.">
            {(c) => (
              <Input
                {...c}
                name="authHeader"
                defaultValue="authorization"
                autoComplete="off"
                data-testid="version-auth-header"
              />
            )}
          </Field>
          <Field
            label="Secret"
            error={errors.fields["endpoint.auth.secret"]}
            hint="Optional, e.g. Bearer … — stored encrypted and never shown again."
          >
            {(c) => (
              <Input {...c} name="secret" type="password" autoComplete="new-password" data-testid="version-secret" />
            )}
          </Field>
        </>
      )}
      <Field label="Notes" error={errors.fields.notes} className="sm:col-span-2">
        {(c) => <Input {...c} name="notes" maxLength={2000} autoComplete="off" />}
      </Field>
      <div className="flex flex-col gap-2 sm:col-span-2">
        <FormError message={errors.message} testId="version-form-error" />
        <div>
          <Button type="submit" pending={create.isPending} data-testid="version-submit">
            {create.isPending ? "Registering…" : "Register version"}
          </Button>
        </div>
      </div>
    </form>
  );
}
