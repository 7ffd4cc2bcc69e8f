"use client";

/**
 * Starts a shadow evaluation of this model's versions: a champion, one or more challengers, an
 * optional event-time window (no "to" = continuous) and an optional benchmark for the gap.
 * e2e: form start-shadow-form; shadow-champion (select), shadow-challenger (checkboxes, data-version-id),
 * shadow-from, shadow-to (datetime-local, the viewer's zone), shadow-benchmark, shadow-submit,
 * form-level error shadow-form-error.
 */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input, Select } from "~/components/ui/field";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";

export interface ShadowVersionOption {
  id: string;
  version: string;
  stage: string;
}

/** A datetime-local value (the viewer's wall clock) as an instant with offset; junk goes to the server as is, to be named there. */
function instantOf(value: string): string | undefined {
  if (value === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export function StartShadowForm({
  versions,
  benchmarks,
}: {
  versions: ShadowVersionOption[];
  benchmarks: { id: string; label: string }[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const defaultChampion = versions.find((v) => v.stage === "production") ?? versions[0];
  const [champion, setChampion] = useState(defaultChampion?.id ?? "");
  const [challengers, setChallengers] = useState<string[]>([]);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [benchmarkId, setBenchmarkId] = useState("");
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const challengersLegendId = useId();
  const challengersErrorId = useId();

  const create = useMutation(
    trpc.shadow.create.mutationOptions({ onSuccess: (created) => router.push(`/shadow/${created.id}`) }),
  );
  const errors = fieldErrorsOf(create.error, [
    "championVersionId",
    "challengerVersionIds",
    "from",
    "to",
    "benchmarkId",
  ]);

  if (versions.length < 2) {
    return (
      <p className="text-muted-foreground" data-testid="start-shadow-needs-versions">
        A shadow evaluation compares a champion with at least one challenger: register a second version of this model
        first.
      </p>
    );
  }

  const candidates = versions.filter((v) => v.id !== champion);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fromInstant = instantOf(from);
    const toInstant = instantOf(to);
    create.mutate({
      championVersionId: champion,
      challengerVersionIds: challengers.filter((id) => id !== champion),
      ...(fromInstant ? { from: fromInstant } : {}),
      ...(toInstant ? { to: toInstant } : {}),
      ...(benchmarkId ? { benchmarkId } : {}),
    });
  }

  const zoneHint = zone ? `Event time in your zone (${zone}).` : "Event time in your zone.";

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Start a shadow evaluation"
      data-testid="start-shadow-form"
      className="flex flex-col gap-3"
    >
      <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Start a shadow evaluation</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Champion version"
          error={errors.fields.championVersionId}
          hint="The version whose predictions production serves; the challengers answer the same requests silently."
        >
          {(c) => (
            <Select
              {...c}
              value={champion}
              onChange={(e) => {
                setChampion(e.target.value);
                setChallengers((ids) => ids.filter((id) => id !== e.target.value));
              }}
              data-testid="shadow-champion"
            >
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version} ({v.stage})
                </option>
              ))}
            </Select>
          )}
        </Field>
        <fieldset
          className="flex flex-col gap-1"
          aria-labelledby={challengersLegendId}
          aria-invalid={errors.fields.challengerVersionIds ? true : undefined}
          aria-describedby={errors.fields.challengerVersionIds ? challengersErrorId : undefined}
        >
          <legend id={challengersLegendId} className="text-xs font-medium text-foreground">
            Challenger versions
          </legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1.5 pt-1">
            {candidates.map((v) => (
              <label key={v.id} className="inline-flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={challengers.includes(v.id)}
                  onChange={(e) =>
                    setChallengers((ids) => (e.target.checked ? [...ids, v.id] : ids.filter((id) => id !== v.id)))
                  }
                  className="size-3.5 accent-[var(--primary)]"
                  data-testid="shadow-challenger"
                  data-version-id={v.id}
                />
                {v.version} <span className="text-xs text-muted-foreground">({v.stage})</span>
              </label>
            ))}
          </div>
          {errors.fields.challengerVersionIds && (
            <p id={challengersErrorId} role="alert" className="text-xs text-fail">
              {errors.fields.challengerVersionIds}
            </p>
          )}
        </fieldset>
        <Field
          label="From (optional)"
          error={errors.fields.from}
          hint={`${zoneHint} Empty: from now for a continuous evaluation, else from the first event.`}
        >
          {(c) => (
            <Input
              {...c}
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              data-testid="shadow-from"
            />
          )}
        </Field>
        <Field
          label="To (optional)"
          error={errors.fields.to}
          hint={to === "" ? "Empty: continuous — rescored as events and labels arrive until you stop it." : zoneHint}
        >
          {(c) => (
            <Input
              {...c}
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              data-testid="shadow-to"
            />
          )}
        </Field>
        <Field
          label="Benchmark (optional)"
          error={errors.fields.benchmarkId}
          hint="For the gap (benchmark − shadow), decision costs, threshold and the drift reference."
        >
          {(c) => (
            <Select
              {...c}
              value={benchmarkId}
              onChange={(e) => setBenchmarkId(e.target.value)}
              data-testid="shadow-benchmark"
            >
              <option value="">The champion's latest benchmark run</option>
              {benchmarks.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <p className="text-xs text-muted-foreground" aria-live="polite">
        Window: {from === "" ? (to === "" ? "now" : "first event") : "from the chosen time"} →{" "}
        {to === "" ? "continuous" : "the chosen time"}
        {challengers.length > 0 ? ` · ${challengers.length} challenger${challengers.length === 1 ? "" : "s"}` : ""}
      </p>
      <FormError message={errors.message} testId="shadow-form-error" />
      <div>
        <Button type="submit" pending={create.isPending} data-testid="shadow-submit">
          {create.isPending ? "Starting…" : "Start shadow evaluation"}
        </Button>
      </div>
    </form>
  );
}
