"use client";

/**
 * Creates a schedule of one benchmark version. e2e: form schedule-form; the target select
 * schedule-target (values `version:<id>`, `production:<modelId>`, `candidates:<modelId>`);
 * the cadence kind select schedule-cadence (`interval` | `cron`); schedule-every (seconds),
 * schedule-cron, schedule-timezone; schedule-submit; a form-level error schedule-form-error.
 */
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input, Select } from "~/components/ui/field";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";

export interface ScheduleTargetModel {
  id: string;
  name: string;
  versions: { id: string; version: string; stage: string }[];
}

type CadenceKind = "interval" | "cron";

/** The create input's target fields for a select value. */
function targetOf(value: string): {
  modelVersionId?: string;
  modelId?: string;
  stageAlias?: "production" | "candidates";
} {
  const [kind, id] = value.split(":");
  if (!id) return {};
  if (kind === "version") return { modelVersionId: id };
  if (kind === "production" || kind === "candidates") return { modelId: id, stageAlias: kind };
  return {};
}

export function ScheduleForm({
  benchmarkId,
  models,
  minEverySeconds,
  onCreated,
}: {
  benchmarkId: string;
  models: ScheduleTargetModel[];
  /** The server's smallest interval (the browser does not import the queue package). */
  minEverySeconds: number;
  onCreated: () => void;
}) {
  const trpc = useTRPC();
  const [target, setTarget] = useState("");
  const [cadence, setCadence] = useState<CadenceKind>("interval");
  const [every, setEvery] = useState("3600");
  const [cron, setCron] = useState("0 6 * * *");
  const [timezone, setTimezone] = useState("UTC");
  const create = useMutation(
    trpc.schedule.create.mutationOptions({
      onSuccess: () => {
        setTarget("");
        onCreated();
      },
    }),
  );
  const errors = fieldErrorsOf(create.error, [
    "modelVersionId",
    "modelId",
    "stageAlias",
    "cron",
    "everySeconds",
    "timezone",
  ]);
  const targetError = errors.fields.modelVersionId ?? errors.fields.modelId ?? errors.fields.stageAlias;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({
      benchmarkId,
      ...targetOf(target),
      ...(cadence === "interval" ? { everySeconds: Number(every) } : { cron, timezone }),
    });
  }

  if (models.length === 0) {
    return (
      <p className="text-sm text-muted-foreground" data-testid="schedule-form-no-models">
        No model of this benchmark&apos;s task in its team yet: register one to schedule it.
      </p>
    );
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Create schedule"
      data-testid="schedule-form"
      className="flex flex-col gap-3"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Target"
          error={targetError}
          hint="A version, or a model's stage alias: resolved to its versions each time the schedule fires."
        >
          {(props) => (
            <Select {...props} value={target} onChange={(e) => setTarget(e.target.value)} data-testid="schedule-target">
              <option value="">Choose a version or stage alias…</option>
              {models.map((m) => (
                <optgroup key={m.id} label={m.name}>
                  <option value={`production:${m.id}`}>{m.name} · production version</option>
                  <option value={`candidates:${m.id}`}>{m.name} · each candidate version</option>
                  {m.versions.map((v) => (
                    <option key={v.id} value={`version:${v.id}`}>
                      {m.name} {v.version} ({v.stage})
                    </option>
                  ))}
                </optgroup>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Cadence">
          {(props) => (
            <Select
              {...props}
              value={cadence}
              onChange={(e) => setCadence(e.target.value as CadenceKind)}
              data-testid="schedule-cadence"
            >
              <option value="interval">Every N seconds</option>
              <option value="cron">Cron expression</option>
            </Select>
          )}
        </Field>
        {cadence === "interval" ? (
          <Field
            label="Interval (seconds)"
            error={errors.fields.everySeconds ?? errors.fields.cron}
            hint={`At least ${minEverySeconds} seconds; 3600 is hourly.`}
          >
            {(props) => (
              <Input
                {...props}
                type="number"
                inputMode="numeric"
                min={minEverySeconds}
                step={1}
                value={every}
                onChange={(e) => setEvery(e.target.value)}
                data-testid="schedule-every"
              />
            )}
          </Field>
        ) : (
          <>
            <Field
              label="Cron expression"
              error={errors.fields.cron}
              hint="5 fields: minute hour day-of-month month day-of-week, e.g. 0 6 * * 1-5."
            >
              {(props) => (
                <Input
                  {...props}
                  value={cron}
                  onChange={(e) => setCron(e.target.value)}
                  className="font-mono"
                  data-testid="schedule-cron"
                />
              )}
            </Field>
            <Field label="Time zone" error={errors.fields.timezone} hint="IANA name, e.g. UTC or Europe/Berlin.">
              {(props) => (
                <Input
                  {...props}
                  value={timezone}
                  onChange={(e) => setTimezone(e.target.value)}
                  data-testid="schedule-timezone"
                />
              )}
            </Field>
          </>
        )}
      </div>
      <FormError message={errors.message} testId="schedule-form-error" />
      <div>
        <Button type="submit" pending={create.isPending} data-testid="schedule-submit">
          {create.isPending ? "Creating…" : "Create schedule"}
        </Button>
      </div>
    </form>
  );
}
