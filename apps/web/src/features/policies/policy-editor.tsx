"use client";

/**
 * Edits a readiness policy as JSON, checked as it is typed (core's schema and the task's metrics)
 * with the gates previewed in words; saving makes a new version (never an edit of the old one).
 * e2e: form policy-editor; textarea policy-json; policy-problems (list); policy-preview (gates in
 * words); policy-note; policy-save; policy-reset-default.
 */
import type { ReadinessPolicy, Task } from "@fieldtest/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input, Textarea } from "~/components/ui/field";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";
import { checkPolicyDraft, policyText } from "./policy-draft";

export function PolicyEditor({
  teamId,
  task,
  modelId,
  initial,
  defaultPolicy,
  onSaved,
}: {
  teamId: string;
  task: Task;
  modelId?: string;
  initial: ReadinessPolicy;
  defaultPolicy: ReadinessPolicy;
  onSaved?: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(() => policyText(initial));
  const [note, setNote] = useState("");
  const check = useMemo(() => checkPolicyDraft(text, task), [text, task]);
  const save = useMutation(
    trpc.policy.save.mutationOptions({
      onSuccess: () => {
        setNote("");
        void queryClient.invalidateQueries({ queryKey: trpc.policy.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.readiness.pathKey() });
        onSaved?.();
      },
    }),
  );
  const errors = fieldErrorsOf(save.error, ["note", "teamId", "modelId", "task"]);
  // A server error on a path inside the policy (policy.gates.0.metric) is shown with the draft's problems.
  const serverPolicyError = Object.entries(errors.fields).find(([field]) => field.startsWith("policy"));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!check.ok) return;
    save.mutate({ teamId, task, ...(modelId ? { modelId } : {}), policy: check.policy, note });
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Edit the readiness policy"
      data-testid="policy-editor"
      className="flex flex-col gap-3"
    >
      <div className="grid gap-3 lg:grid-cols-2">
        <Field
          label="Policy (JSON)"
          error={
            check.ok ? undefined : `${check.problems.length} problem${check.problems.length === 1 ? "" : "s"} below`
          }
          hint="A list of gates: metric, gap, calibration, latency, drift, label_maturity, labelled_sample_size, stress_degradation, worst_slice, decision_cost."
        >
          {(c) => (
            <Textarea
              {...c}
              rows={18}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
              className="font-mono text-xs"
              data-testid="policy-json"
            />
          )}
        </Field>
        <div className="flex flex-col gap-2">
          <p className="text-xs font-medium">{check.ok ? "What it will judge" : "Problems"}</p>
          {check.ok ? (
            <ol data-testid="policy-preview" className="flex list-decimal flex-col gap-1 pl-5 text-sm">
              {check.gates.map((g) => (
                <li key={g.id}>
                  <span className="font-mono text-xs text-muted-foreground">{g.id}</span> {g.words}
                </li>
              ))}
            </ol>
          ) : (
            <ul data-testid="policy-problems" className="flex flex-col gap-1 text-sm text-fail" role="alert">
              {check.problems.map((p) => (
                <li key={`${p.path}:${p.message}`}>
                  <span className="font-mono text-xs">{p.path}</span>: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <Field label="What changed and why" error={errors.fields.note} className="max-w-xl">
        {(c) => <Input {...c} value={note} onChange={(e) => setNote(e.target.value)} data-testid="policy-note" />}
      </Field>
      <FormError
        message={
          serverPolicyError
            ? `${serverPolicyError[0]}: ${serverPolicyError[1]}`
            : (errors.fields.teamId ?? errors.fields.modelId ?? errors.message)
        }
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" pending={save.isPending} disabled={!check.ok} data-testid="policy-save">
          Save as a new version
        </Button>
        <Button
          variant="secondary"
          onClick={() => setText(policyText(defaultPolicy))}
          data-testid="policy-reset-default"
        >
          Start from the default
        </Button>
        {save.isSuccess && (
          <span role="status" className="text-xs text-pass">
            Saved version {save.data.version}. Readiness is judged by it from now on.
          </span>
        )}
      </div>
    </form>
  );
}
