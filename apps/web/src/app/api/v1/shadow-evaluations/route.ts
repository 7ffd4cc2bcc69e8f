import { parseJsonBody, restRoute } from "../../../../server/rest/rest-route";
import { createShadowBody } from "../../../../server/shadow/shadow-schemas";
import { startShadowEvaluation } from "../../../../server/shadow/start-shadow";

/**
 * POST {championVersionId, challengerVersionIds, from?, to?, benchmarkId?, rescoreSeconds?} →
 * 202 {id}. Without `to` the evaluation is continuous (rescored every rescoreSeconds until
 * stopped); with `to` in the past it replays stored traffic. Scope: evaluate.
 */
export async function POST(request: Request): Promise<Response> {
  return restRoute(request, ["evaluate"], async (caller) => {
    const input = await parseJsonBody(request, createShadowBody);
    const evaluation = await startShadowEvaluation({
      teamId: caller.teamId,
      body: input,
      userId: caller.createdById,
      apiKeyId: caller.apiKeyId,
    });
    return Response.json({ id: evaluation.id }, { status: 202 });
  });
}
