"use client";

/**
 * The protocol part of the benchmark forms (define, and edit as a new version), in groups:
 * Split · Metrics · Slices · Decision costs · Confidence · Hidden holdout · Stress scenarios.
 * Every control is a labelled native input (keyboard-reachable in document order); each
 * group shows the server's errors for its fields. e2e test ids are listed in
 * features/benchmarks/create-benchmark-form.tsx.
 */
import { TASK_METRICS, type Task, taskSchema } from "@fieldtest/core";
import { Field, Input, Select } from "~/components/ui/field";
import { Checkbox, Group } from "./form-group";
import type { ProtocolDraft } from "./protocol-draft";
import { groupError } from "./protocol-errors";

export { isProtocolField } from "./protocol-error-fields";

import { StressScenariosFields } from "./stress-scenarios-fields";

export type FeatureColumn = { name: string; type: string };

const toggle = (list: string[], item: string, on: boolean, order: readonly string[]) =>
  on ? order.filter((x) => x === item || list.includes(x)) : list.filter((x) => x !== item);

export function ProtocolFields({
  draft,
  onChange,
  columns,
  timestampColumn,
  errors,
}: {
  draft: ProtocolDraft;
  onChange: (draft: ProtocolDraft) => void;
  /** Feature columns of the dataset version (not its id, label or timestamp column). */
  columns: FeatureColumn[];
  timestampColumn: string | null;
  errors: Record<string, string | undefined>;
}) {
  const set = (patch: Partial<ProtocolDraft>) => onChange({ ...draft, ...patch });
  const binary = draft.task === "binary_classification";
  const taskMetrics: readonly string[] = TASK_METRICS[draft.task];
  const numberInput =
    (key: keyof ProtocolDraft, testId: string, props: Record<string, string> = {}) =>
    (c: { id: string; "aria-invalid": boolean | undefined; "aria-describedby": string | undefined }) => (
      <Input
        {...c}
        {...props}
        type="number"
        inputMode="decimal"
        value={draft[key] as string}
        onChange={(e) => set({ [key]: e.target.value })}
        data-testid={testId}
      />
    );

  return (
    <>
      <Field label="Task" error={errors.task} hint="What the models under test predict.">
        {(c) => (
          <Select
            {...c}
            value={draft.task}
            onChange={(e) => {
              const task = e.target.value as Task;
              set({
                task,
                metrics: [...TASK_METRICS[task]],
                costsEnabled: draft.costsEnabled && task === "binary_classification",
              });
            }}
            data-testid="benchmark-task"
          >
            {taskSchema.options.map((task) => (
              <option key={task} value={task}>
                {task.replaceAll("_", " ")}
              </option>
            ))}
          </Select>
        )}
      </Field>

      <Group legend="Split" error={errors["split.testWindow"] ?? errors["split.trainWindow"]}>
        <Field
          label="Split"
          error={errors["split.kind"] ?? errors.split}
          hint={
            timestampColumn ? `Temporal and rolling cut on ${timestampColumn}.` : "No timestamp column: random only."
          }
        >
          {(c) => (
            <Select
              {...c}
              name="splitKind"
              value={draft.splitKind}
              onChange={(e) => set({ splitKind: e.target.value as ProtocolDraft["splitKind"] })}
              data-testid="benchmark-split"
            >
              <option value="temporal" disabled={!timestampColumn}>
                temporal (train before cutoff, test from it)
              </option>
              <option value="rolling" disabled={!timestampColumn}>
                rolling backtest (several time windows)
              </option>
              <option value="random">random (seeded)</option>
            </Select>
          )}
        </Field>
        {draft.splitKind === "random" && (
          <Field
            label="Test fraction"
            error={errors["split.testFraction"]}
            hint="Share of rows in the test set, between 0 and 1."
          >
            {numberInput("testFraction", "benchmark-test-fraction", { step: "0.05", min: "0.05", max: "0.95" })}
          </Field>
        )}
        {draft.splitKind === "temporal" && (
          <Field
            label="Cutoff"
            error={errors["split.cutoff"]}
            hint="Rows at or after this date (UTC) are the test set."
          >
            {(c) => (
              <Input
                {...c}
                name="cutoff"
                type="date"
                required
                value={draft.cutoff}
                onChange={(e) => set({ cutoff: e.target.value })}
                data-testid="benchmark-cutoff"
              />
            )}
          </Field>
        )}
        {draft.splitKind === "rolling" && (
          <>
            <Field
              label="Folds"
              error={errors["split.folds"]}
              hint="Test windows, earliest first, back from the last row."
            >
              {numberInput("folds", "benchmark-folds", { step: "1", min: "1", inputMode: "numeric" })}
            </Field>
            <Field label="Test window unit" error={undefined}>
              {(c) => (
                <Select
                  {...c}
                  value={draft.testWindowUnit}
                  onChange={(e) => set({ testWindowUnit: e.target.value as "days" | "rows" })}
                  data-testid="benchmark-test-window-unit"
                >
                  <option value="days">days</option>
                  <option value="rows">rows</option>
                </Select>
              )}
            </Field>
            <Field
              label="Test window"
              error={errors["split.testWindow.days"] ?? errors["split.testWindow.rows"]}
              hint={`Length of each fold's test window, in ${draft.testWindowUnit}.`}
            >
              {numberInput("testWindow", "benchmark-test-window", { min: "0", step: "any" })}
            </Field>
            <Field
              label="Train window"
              error={undefined}
              hint="Expanding: every earlier row. Sliding: the last N days."
            >
              {(c) => (
                <Select
                  {...c}
                  value={draft.trainWindow}
                  onChange={(e) => set({ trainWindow: e.target.value as "expanding" | "sliding" })}
                  data-testid="benchmark-train-window"
                >
                  <option value="expanding">expanding</option>
                  <option value="sliding">sliding</option>
                </Select>
              )}
            </Field>
            {draft.trainWindow === "sliding" && (
              <Field label="Train window (days)" error={errors["split.trainWindow.days"]}>
                {numberInput("trainWindowDays", "benchmark-train-window-days", { min: "0", step: "any" })}
              </Field>
            )}
            <Field
              label="Gap (days)"
              error={errors["split.gap.days"]}
              hint="Left out between train and test (embargo)."
            >
              {numberInput("gapDays", "benchmark-gap", { min: "0", step: "any" })}
            </Field>
          </>
        )}
        <Field label="Seed" error={errors.seed} hint="Optional; drawn once and stored when left empty.">
          {numberInput("seed", "benchmark-seed", { min: "0", step: "1", inputMode: "numeric" })}
        </Field>
      </Group>

      <Group legend="Metrics" error={groupError(errors, "metrics")} testId="benchmark-metrics">
        <div className="flex flex-wrap gap-4 sm:col-span-2">
          {taskMetrics.map((metric) => (
            <Checkbox
              key={metric}
              mono
              label={metric}
              checked={draft.metrics.includes(metric)}
              onChange={(on) => set({ metrics: toggle(draft.metrics, metric, on, taskMetrics) })}
              testId={`benchmark-metric-${metric}`}
            />
          ))}
        </div>
        {binary && (
          <Field label="Threshold" error={errors.threshold} hint="Score ≥ threshold predicts positive.">
            {numberInput("threshold", "benchmark-threshold", { step: "0.01", min: "0", max: "1" })}
          </Field>
        )}
      </Group>

      <Group
        legend="Slices"
        error={groupError(errors, "sliceColumns")}
        hint="Every metric is also reported per value of these columns."
        testId="benchmark-slices"
      >
        {columns.length === 0 ? (
          <p className="text-xs text-muted-foreground sm:col-span-2">This dataset version has no feature columns.</p>
        ) : (
          <div className="flex flex-wrap gap-4 sm:col-span-2">
            {columns.map((column) => (
              <Checkbox
                key={column.name}
                mono
                label={column.name}
                checked={draft.sliceColumns.includes(column.name)}
                onChange={(on) =>
                  set({
                    sliceColumns: toggle(
                      draft.sliceColumns,
                      column.name,
                      on,
                      columns.map((c) => c.name),
                    ),
                  })
                }
                testId={`benchmark-slice-${column.name}`}
              />
            ))}
          </div>
        )}
      </Group>

      {binary && (
        <Group
          legend="Decision costs"
          error={errors.costs}
          hint="Cost per decision in one unit of your choice (negative = benefit); finds the cost-optimal threshold."
        >
          <div className="sm:col-span-2">
            <Checkbox
              label="Price decisions"
              checked={draft.costsEnabled}
              onChange={(costsEnabled) => set({ costsEnabled })}
              testId="benchmark-costs-enabled"
            />
          </div>
          {draft.costsEnabled &&
            (
              [
                ["fp", "False positive cost", "1"],
                ["fn", "False negative cost", "1"],
                ["tp", "True positive cost", "0"],
                ["tn", "True negative cost", "0"],
              ] as const
            ).map(([cell, label, placeholder]) => (
              <Field key={cell} label={label} error={errors[`costs.${cell}`]}>
                {(c) => (
                  <Input
                    {...c}
                    type="number"
                    inputMode="decimal"
                    step="any"
                    placeholder={placeholder}
                    value={draft.costs[cell]}
                    onChange={(e) => set({ costs: { ...draft.costs, [cell]: e.target.value } })}
                    data-testid={`benchmark-cost-${cell}`}
                  />
                )}
              </Field>
            ))}
        </Group>
      )}

      <Group legend="Confidence" error={errors.confidence} hint="Seeded bootstrap intervals around every metric.">
        <Field label="Confidence level" error={errors["confidence.level"]} hint="Between 0.5 and 0.999.">
          {numberInput("level", "benchmark-confidence-level", { step: "0.01", min: "0.5", max: "0.999" })}
        </Field>
        <Field
          label="Resamples"
          error={errors["confidence.resamples"]}
          hint="0 = no intervals; otherwise at least 100."
        >
          {numberInput("resamples", "benchmark-resamples", { step: "100", min: "0", inputMode: "numeric" })}
        </Field>
      </Group>

      <Group
        legend="Hidden holdout"
        error={errors.holdout}
        hint="A share of the test rows no run reports on; it answers only through a reusable-holdout mechanism with a query budget."
      >
        <div className="sm:col-span-2">
          <Checkbox
            label="Keep a hidden holdout"
            checked={draft.holdoutEnabled}
            onChange={(holdoutEnabled) => set({ holdoutEnabled })}
            testId="benchmark-holdout-enabled"
          />
        </div>
        {draft.holdoutEnabled && (
          <>
            <Field
              label="Holdout fraction"
              error={errors["holdout.fraction"]}
              hint="Share of the test rows, at most 0.5."
            >
              {numberInput("holdoutFraction", "benchmark-holdout-fraction", { step: "0.05", min: "0", max: "0.5" })}
            </Field>
            <Field
              label="Query budget"
              error={errors["holdout.queryBudget"]}
              hint="Answers the holdout gives, then none."
            >
              {numberInput("holdoutBudget", "benchmark-holdout-budget", { step: "1", min: "1", inputMode: "numeric" })}
            </Field>
            <Field label="Mechanism" error={errors["holdout.mechanism"]}>
              {(c) => (
                <Select
                  {...c}
                  value={draft.holdoutMechanism}
                  onChange={(e) => set({ holdoutMechanism: e.target.value as ProtocolDraft["holdoutMechanism"] })}
                  data-testid="benchmark-holdout-mechanism"
                >
                  <option value="thresholdout">thresholdout (reusable holdout)</option>
                  <option value="ladder">ladder (leaderboard)</option>
                </Select>
              )}
            </Field>
          </>
        )}
      </Group>

      <StressScenariosFields
        scenarios={draft.stress}
        onChange={(stress) => set({ stress })}
        columns={columns}
        errors={errors}
      />
    </>
  );
}
