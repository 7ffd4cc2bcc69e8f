"use client";

import { Section } from "~/components/ui/section";
import type { RouterOutputs } from "~/server/api/root";
import { ConfusionMatrix, CostsPanel } from "./decisions-panel";
import { DiscriminationCharts } from "./discrimination-charts";
import { FoldsPanel } from "./folds-panel";
import { ReliabilityChart } from "./reliability-chart";
import { SlicesTable } from "./slices-table";
import { LatencyPanel, StressTable } from "./stress-latency";

type Run = RouterOutputs["run"]["byId"];

function Empty({ testId, children }: { testId: string; children: React.ReactNode }) {
  return (
    <p data-testid={testId} className="text-muted-foreground">
      {children}
    </p>
  );
}

/**
 * The sections of a succeeded run below its metrics (UI.md "Evaluation run detail"):
 * Calibration · Discrimination · Decisions · Backtest · Slices · Stress · Latency. A section
 * without results says why and what to do, instead of disappearing.
 */
export function RunResultsSections({ run }: { run: Run }) {
  const { results, protocol } = run;
  const pooled =
    protocol.splitKind === "rolling" ? " (every fold's test rows, each scored by its own fold's model)" : "";
  const endpoint = run.modelVersion.endpointKind;
  return (
    <>
      <Section
        title="Calibration"
        id="calibration"
        description={`Reliability of the scores on the test rows${pooled}.`}
      >
        {results.reliability ? (
          <ReliabilityChart reliability={results.reliability} />
        ) : (
          <Empty testId="run-reliability-empty">This run recorded no reliability bins.</Empty>
        )}
      </Section>

      <Section title="Discrimination" id="discrimination" description={`ROC and precision–recall curves${pooled}.`}>
        {results.curves ? (
          // A backtest's metrics are means across folds, not the pooled curves' AUC/AP: none in the legend then.
          <DiscriminationCharts
            curves={results.curves}
            metrics={protocol.splitKind === "rolling" ? [] : run.metricValues}
          />
        ) : (
          <Empty testId="run-roc-empty">This run recorded no curves.</Empty>
        )}
      </Section>

      <Section
        title="Decisions"
        id="decisions"
        description="Confusion matrix at the stated threshold and decision costs."
      >
        <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
          {results.confusion ? (
            <ConfusionMatrix confusion={results.confusion} />
          ) : (
            <Empty testId="run-confusion-empty">This run recorded no confusion matrix.</Empty>
          )}
          {results.costs ? (
            <CostsPanel costs={results.costs} />
          ) : (
            <Empty testId="run-costs-empty">
              {protocol.hasCosts
                ? "This run recorded no decision costs."
                : "This benchmark version defines no decision costs. Give false positives and false negatives a cost in a new benchmark version to see the cost-optimal threshold and the expected cost per decision."}
            </Empty>
          )}
        </div>
      </Section>

      {results.folds && (
        <Section title="Backtest" id="backtest" description="Each fold of the rolling-origin backtest, earliest first.">
          <FoldsPanel folds={results.folds} />
        </Section>
      )}

      <Section
        title="Slices"
        id="slices"
        description="Metrics per slice, worst first; small slices are marked, not hidden."
      >
        {results.slices ? (
          <SlicesTable slices={results.slices} overall={run.metricValues} />
        ) : (
          <Empty testId="run-slices-empty">
            {protocol.sliceColumns.length > 0
              ? "This run recorded no slice metrics."
              : "This benchmark version has no slice columns. Add slice columns (e.g. region, plan) in a new benchmark version to find where the model is weakest."}
          </Empty>
        )}
      </Section>

      <Section title="Stress" id="stress" description="Metrics on perturbed test features, against the clean rows.">
        {results.stress ? (
          <StressTable stress={results.stress} />
        ) : (
          <Empty testId="run-stress-empty">
            {protocol.stressScenarios.length > 0
              ? "This run recorded no stress results."
              : endpoint === "offline"
                ? "No stress scenarios: an offline version's uploaded predictions cannot be re-scored on perturbed features. Run a builtin or endpoint version of a benchmark with stress scenarios."
                : "This benchmark version has no stress scenarios. Add some (noise, missing values, shifts) in a new benchmark version."}
          </Empty>
        )}
      </Section>

      <Section title="Latency" id="latency" description="Per-call latency of the model endpoint during this run.">
        {results.latency ? (
          <LatencyPanel latency={results.latency} />
        ) : (
          <Empty testId="run-latency-empty">
            Latency is measured when Fieldtest calls a model endpoint (open-inference-v2 or http-json); this is a{" "}
            {endpoint} version.
          </Empty>
        )}
      </Section>

      {protocol.hiddenHoldout && (
        <p data-testid="run-holdout-note" className="text-xs text-muted-foreground">
          This benchmark keeps a hidden holdout ({Math.round(protocol.hiddenHoldout.fraction * 1000) / 10}% of the test
          rows, {protocol.hiddenHoldout.mechanism}). It was scored but is not shown here: the leaderboard answers from
          it within its query budget.
        </p>
      )}
    </>
  );
}
