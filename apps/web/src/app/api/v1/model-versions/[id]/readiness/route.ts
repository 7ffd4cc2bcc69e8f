import { getDb } from "@fieldtest/db";
import { readinessView } from "../../../../../../server/readiness/readiness-view";
import { isUuid, notFoundResponse, restRoute } from "../../../../../../server/rest/rest-route";

/**
 * GET → {verdict: ready | not_ready | insufficient_evidence, counts, gates: [{id, description,
 * status, observed, interval, threshold}], evaluatedAt, reportId, history}: the version's
 * readiness policy against its latest benchmark and shadow evidence (a new immutable report
 * only when the evidence changed). Scope: read.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return restRoute(request, ["read"], async (caller) => {
    const { id } = await context.params;
    if (!isUuid(id)) return notFoundResponse("Model version", "id");
    const view = await readinessView(getDb(), caller.teamId, id);
    if (!view) return notFoundResponse("Model version", "id");
    return Response.json(view);
  });
}
