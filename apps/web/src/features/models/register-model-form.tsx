"use client";

/**
 * Register a model. e2e: labels "Team", "Name", "Task", "Description";
 * testids model-team, model-name, model-task, model-submit; form error model-form-error.
 */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input, Select, Textarea } from "~/components/ui/field";
import { TeamField } from "~/features/team/team-field";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";

const TASKS = [
  { value: "binary_classification", label: "Binary classification" },
  { value: "multiclass_classification", label: "Multiclass classification" },
  { value: "regression", label: "Regression" },
] as const;

export function RegisterModelForm({ teams }: { teams: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(
    trpc.model.create.mutationOptions({
      onSuccess: (model) => router.push(`/models/${model.id}`),
    }),
  );
  const errors = fieldErrorsOf(create.error, ["teamId", "name", "task", "description"]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      teamId: String(form.get("teamId") ?? ""),
      name: String(form.get("name") ?? ""),
      task: String(form.get("task") ?? "") as (typeof TASKS)[number]["value"],
      description: String(form.get("description") ?? ""),
    });
  }

  return (
    <form onSubmit={onSubmit} className="flex max-w-lg flex-col gap-4" noValidate>
      <TeamField
        teams={teams}
        error={errors.fields.teamId}
        name="teamId"
        defaultValue={teams[0]?.id}
        data-testid="model-team"
      />
      <Field label="Name" error={errors.fields.name} hint="Unique within the team, e.g. churn-classifier.">
        {(c) => <Input {...c} name="name" required maxLength={120} autoComplete="off" data-testid="model-name" />}
      </Field>
      <Field label="Task" error={errors.fields.task} hint="Benchmarks currently evaluate binary classification models.">
        {(c) => (
          <Select {...c} name="task" defaultValue="binary_classification" data-testid="model-task">
            {TASKS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Description" error={errors.fields.description}>
        {(c) => <Textarea {...c} name="description" rows={3} maxLength={2000} />}
      </Field>
      <FormError message={errors.message} testId="model-form-error" />
      <div>
        <Button type="submit" pending={create.isPending} data-testid="model-submit">
          {create.isPending ? "Registering…" : "Register model"}
        </Button>
      </div>
    </form>
  );
}
