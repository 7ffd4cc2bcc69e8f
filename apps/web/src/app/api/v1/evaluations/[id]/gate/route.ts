import { getDb } from "@fieldtest/db";
import { judgeBenchmarkRun } from "../../../../../../server/rest/ci-gate-policy";
import { isUuid, notFoundResponse, restRoute } from "../../../../../../server/rest/rest-route";

/**
 * GET → the run judged against the CI readiness policy of its model's task (ci-gate-policy.ts):
 * {runId, status, verdict, ready, task, summary, gates}. verdict is null until the run has
 * succeeded; computed here so `fieldtest gate` only renders it. Scope: read.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return restRoute(request, ["read"], async (caller) => {
    const { id } = await context.params;
    if (!isUuid(id)) return notFoundResponse("Evaluation", "id");
    const run = await getDb().evaluationRun.findFirst({
      where: { id, teamId: caller.teamId },
      select: {
        id: true,
        status: true,
        finishedAt: true,
        modelVersionId: true,
        modelVersion: { select: { model: { select: { task: true } } } },
        metricValues: {
          where: { slice: "" },
          select: { metric: true, value: true, lower: true, upper: true, level: true, n: true, modelVersionId: true },
        },
      },
    });
    if (!run) return notFoundResponse("Evaluation", "id");
    const task = run.modelVersion.model.task;
    if (run.status !== "succeeded") {
      return Response.json({
        runId: run.id,
        status: run.status,
        verdict: null,
        ready: false,
        task,
        summary: `the run is ${run.status}: no verdict until it succeeds`,
        gates: [],
      });
    }
    const evaluation = judgeBenchmarkRun({
      task,
      runId: run.id,
      finishedAt: run.finishedAt ?? new Date(),
      metrics: run.metricValues.filter((m) => m.modelVersionId === run.modelVersionId),
      now: new Date(),
    });
    return Response.json({
      runId: run.id,
      status: run.status,
      verdict: evaluation.verdict,
      ready: evaluation.verdict === "pass",
      task,
      summary: evaluation.summary,
      gates: evaluation.gates.map((g) => ({
        id: g.id,
        description: g.description,
        status: g.status,
        observed: g.observed,
        interval: g.interval,
        reason: g.reason,
      })),
    });
  });
}
