import type { RouterOutputs } from "~/server/api/root";

export type PortfolioAlert = RouterOutputs["model"]["portfolio"]["rows"][number]["alerts"][number];

/** Where an alert's evidence is: the run, the shadow evaluation, or the version's readiness panel on the model page. */
export function evidenceHref(modelId: string, evidence: PortfolioAlert["evidence"]): string {
  switch (evidence.kind) {
    case "run":
      return `/runs/${evidence.runId}`;
    case "shadow":
      return `/shadow/${evidence.shadowEvaluationId}`;
    case "readiness":
      return `/models/${modelId}#readiness-${evidence.modelVersionId}`;
  }
}

/** What the link opens, for its accessible name ("latest benchmark run failed — open the run"). */
export const EVIDENCE_LABEL: Record<PortfolioAlert["evidence"]["kind"], string> = {
  run: "open the run",
  shadow: "open the shadow evaluation",
  readiness: "open the readiness panel",
};
