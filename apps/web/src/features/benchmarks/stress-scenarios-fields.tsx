"use client";

/**
 * The stress suite: named scenarios, each a list of perturbations of the test rows' features
 * (core's perturbation specs), with kind-specific fields. Buttons add and remove scenarios and
 * perturbations; a new scenario's name input takes the focus.
 */
import type { PerturbationKind } from "@fieldtest/core";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, Input, Select } from "~/components/ui/field";
import { Group } from "./form-group";
import { newPerturbation, newScenario, type PerturbationDraft, type ScenarioDraft } from "./protocol-draft";
import { groupError } from "./protocol-errors";
import type { FeatureColumn } from "./protocol-fields";

const KINDS: { kind: PerturbationKind; label: string }[] = [
  { kind: "gaussian_noise", label: "Gaussian noise (numbers)" },
  { kind: "missing_values", label: "Missing values" },
  { kind: "category_swap", label: "Category swap (text)" },
  { kind: "shift", label: "Shift (numbers)" },
];

type Errors = Record<string, string | undefined>;

export function StressScenariosFields({
  scenarios,
  onChange,
  columns,
  errors,
}: {
  scenarios: ScenarioDraft[];
  onChange: (scenarios: ScenarioDraft[]) => void;
  columns: FeatureColumn[];
  errors: Errors;
}) {
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const update = (i: number, scenario: ScenarioDraft) => onChange(scenarios.map((s, j) => (j === i ? scenario : s)));
  const columnHint =
    columns.length > 0
      ? `Comma-separated; empty = every column it applies to. Columns: ${columns.map((c) => c.name).join(", ")}.`
      : "Comma-separated; empty = every column it applies to.";

  return (
    <Group
      legend="Stress scenarios"
      error={errors.stress}
      hint="Each scenario perturbs the test rows' features in order and is scored like the clean test set."
      testId="benchmark-stress"
    >
      {scenarios.length === 0 && <p className="text-xs text-muted-foreground sm:col-span-2">No scenarios.</p>}
      {scenarios.map((scenario, i) => (
        <fieldset
          key={scenario.key}
          className="grid gap-3 rounded-md border border-dashed p-3 sm:col-span-2 sm:grid-cols-2"
          data-testid="benchmark-scenario"
        >
          <legend className="px-1 text-xs font-medium">Scenario {i + 1}</legend>
          <Field label="Scenario name" error={errors[`stress.${i}.name`]}>
            {(c) => (
              <Input
                {...c}
                value={scenario.name}
                maxLength={80}
                autoFocus={scenario.key === focusKey}
                onChange={(e) => update(i, { ...scenario, name: e.target.value })}
                data-testid={`benchmark-scenario-${i}-name`}
              />
            )}
          </Field>
          <div className="flex items-end justify-end">
            <Button
              variant="ghost"
              onClick={() => onChange(scenarios.filter((_, j) => j !== i))}
              data-testid={`benchmark-scenario-${i}-remove`}
            >
              Remove scenario {i + 1}
            </Button>
          </div>
          {scenario.perturbations.map((p, k) => (
            <PerturbationFields
              key={p.key}
              label={`Scenario ${i + 1}, perturbation ${k + 1}`}
              testId={`benchmark-scenario-${i}-perturbation-${k}`}
              perturbation={p}
              columnHint={columnHint}
              errors={errors}
              prefix={`stress.${i}.perturbations.${k}`}
              onChange={(next) =>
                update(i, { ...scenario, perturbations: scenario.perturbations.map((q, j) => (j === k ? next : q)) })
              }
              onRemove={
                scenario.perturbations.length > 1
                  ? () => update(i, { ...scenario, perturbations: scenario.perturbations.filter((_, j) => j !== k) })
                  : undefined
              }
            />
          ))}
          {errors[`stress.${i}.perturbations`] && (
            <p role="alert" className="text-xs text-fail sm:col-span-2">
              {errors[`stress.${i}.perturbations`]}
            </p>
          )}
          <div className="sm:col-span-2">
            <Button
              variant="secondary"
              onClick={() => update(i, { ...scenario, perturbations: [...scenario.perturbations, newPerturbation()] })}
              data-testid={`benchmark-scenario-${i}-add-perturbation`}
            >
              Add perturbation
            </Button>
          </div>
        </fieldset>
      ))}
      <div className="sm:col-span-2">
        <Button
          variant="secondary"
          onClick={() => {
            const scenario = newScenario(scenarios.length);
            setFocusKey(scenario.key);
            onChange([...scenarios, scenario]);
          }}
          data-testid="benchmark-add-scenario"
        >
          Add scenario
        </Button>
      </div>
    </Group>
  );
}

function PerturbationFields({
  label,
  testId,
  perturbation: p,
  columnHint,
  errors,
  prefix,
  onChange,
  onRemove,
}: {
  label: string;
  testId: string;
  perturbation: PerturbationDraft;
  columnHint: string;
  errors: Errors;
  prefix: string;
  onChange: (p: PerturbationDraft) => void;
  onRemove: (() => void) | undefined;
}) {
  const set = (patch: Partial<PerturbationDraft>) => onChange({ ...p, ...patch });
  const numberField = (name: "factor" | "rate" | "amount", fieldLabel: string, hint: string) => (
    <Field label={fieldLabel} error={errors[`${prefix}.${name}`]} hint={hint}>
      {(c) => (
        <Input
          {...c}
          type="number"
          inputMode="decimal"
          step="any"
          value={p[name]}
          onChange={(e) => set({ [name]: e.target.value })}
          data-testid={`${testId}-${name}`}
        />
      )}
    </Field>
  );
  return (
    <fieldset
      className="grid gap-3 rounded-md bg-surface-muted/50 p-3 sm:col-span-2 sm:grid-cols-2"
      data-testid={testId}
    >
      <legend className="sr-only">{label}</legend>
      <Field label="Perturbation" error={errors[`${prefix}.kind`]}>
        {(c) => (
          <Select
            {...c}
            value={p.kind}
            onChange={(e) => set({ kind: e.target.value as PerturbationKind })}
            data-testid={`${testId}-kind`}
          >
            {KINDS.map(({ kind, label: text }) => (
              <option key={kind} value={kind}>
                {text}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Columns" error={groupError(errors, `${prefix}.columns`)} hint={columnHint}>
        {(c) => (
          <Input
            {...c}
            value={p.columns}
            autoComplete="off"
            onChange={(e) => set({ columns: e.target.value })}
            data-testid={`${testId}-columns`}
          />
        )}
      </Field>
      {p.kind === "gaussian_noise" && numberField("factor", "Noise factor", "Noise σ as a multiple of the column's σ.")}
      {(p.kind === "missing_values" || p.kind === "category_swap") &&
        numberField("rate", "Rate", "Probability that a value is changed, 0 to 1.")}
      {p.kind === "shift" && (
        <>
          <Field label="Operation" error={errors[`${prefix}.operation`]}>
            {(c) => (
              <Select
                {...c}
                value={p.operation}
                onChange={(e) => set({ operation: e.target.value as PerturbationDraft["operation"] })}
                data-testid={`${testId}-operation`}
              >
                <option value="add_std">add amount × σ</option>
                <option value="multiply">multiply by amount</option>
              </Select>
            )}
          </Field>
          {numberField("amount", "Amount", "Added σ multiples, or the factor.")}
        </>
      )}
      {onRemove && (
        <div className="flex items-end justify-end sm:col-span-2">
          <Button variant="ghost" onClick={onRemove} data-testid={`${testId}-remove`}>
            Remove perturbation
          </Button>
        </div>
      )}
    </fieldset>
  );
}
