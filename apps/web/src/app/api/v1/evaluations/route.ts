import { createBenchmarkRun, getDb } from "@fieldtest/db";
import { env } from "../../../../env";
import { enqueueRun } from "../../../../server/api/routers/run";
import { inputErrorOf } from "../../../../server/rest/rest-error";
import { parseJsonBody, restRoute } from "../../../../server/rest/rest-route";
import { createEvaluationBody, evaluationListQuery } from "../../../../server/rest/schemas";

/**
 * POST {kind: "benchmark", modelVersionId, benchmarkId} → 202 {runId}: the run row first, then
 * its job (as the UI's run.create). The run records the key; its creator is the key's creator
 * (null for an operator-minted key). Scope: evaluate.
 */
export async function POST(request: Request): Promise<Response> {
  return restRoute(request, ["evaluate"], async (caller) => {
    const input = await parseJsonBody(request, createEvaluationBody);
    const run = await createBenchmarkRun({
      db: getDb(),
      teamId: caller.teamId,
      benchmarkId: input.benchmarkId,
      modelVersionId: input.modelVersionId,
      userId: caller.createdById,
      apiKeyId: caller.apiKeyId,
      codeVersion: env.FIELDTEST_CODE_VERSION,
    });
    await enqueueRun(run.id);
    return Response.json({ runId: run.id }, { status: 202 });
  });
}

/**
 * GET ?modelVersionId=&benchmarkId=[&status=] → {evaluations: [{id, status, createdAt,
 * finishedAt}]}, newest first (at most 20). Scope: read.
 */
export async function GET(request: Request): Promise<Response> {
  return restRoute(request, ["read"], async (caller) => {
    const parsed = evaluationListQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) throw inputErrorOf(parsed.error.issues);
    const runs = await getDb().evaluationRun.findMany({
      where: {
        teamId: caller.teamId,
        modelVersionId: parsed.data.modelVersionId,
        benchmarkId: parsed.data.benchmarkId,
        ...(parsed.data.status ? { status: parsed.data.status } : {}),
      },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, status: true, createdAt: true, finishedAt: true },
    });
    return Response.json({ evaluations: runs });
  });
}
