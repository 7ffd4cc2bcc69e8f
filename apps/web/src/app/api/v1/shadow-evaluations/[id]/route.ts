import { getDb } from "@fieldtest/db";
import { isUuid, notFoundResponse, restRoute } from "../../../../../server/rest/rest-route";
import { shadowEvaluationView } from "../../../../../server/shadow/shadow-view";

/**
 * GET → {id, status, counts: {events, labelled, matched}, versions: [{modelVersionId, metrics,
 * intervals}], difference, latency, gap, …} from the latest snapshot. Scope: read.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return restRoute(request, ["read"], async (caller) => {
    const { id } = await context.params;
    if (!isUuid(id)) return notFoundResponse("Shadow evaluation", "id");
    const view = await shadowEvaluationView(getDb(), caller.teamId, id);
    if (!view) return notFoundResponse("Shadow evaluation", "id");
    return Response.json(view);
  });
}
