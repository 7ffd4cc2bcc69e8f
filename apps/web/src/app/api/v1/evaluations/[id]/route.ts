import { getDb } from "@fieldtest/db";
import { isUuid, notFoundResponse, restRoute } from "../../../../../server/rest/rest-route";

/** GET → {id, status, progress, metrics: {name: {value, interval}}, error?}. Scope: read. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return restRoute(request, ["read"], async (caller) => {
    const { id } = await context.params;
    if (!isUuid(id)) return notFoundResponse("Evaluation", "id");
    const run = await getDb().evaluationRun.findFirst({
      where: { id, teamId: caller.teamId },
      select: {
        id: true,
        status: true,
        progress: true,
        error: true,
        modelVersionId: true,
        metricValues: {
          where: { slice: "" },
          orderBy: { metric: "asc" },
          select: { metric: true, value: true, lower: true, upper: true, modelVersionId: true },
        },
      },
    });
    if (!run) return notFoundResponse("Evaluation", "id");
    const metrics: Record<string, { value: number; interval: [number, number] | null }> = {};
    for (const m of run.metricValues) {
      if (m.modelVersionId !== run.modelVersionId) continue;
      metrics[m.metric] = {
        value: m.value,
        interval: m.lower !== null && m.upper !== null ? [m.lower, m.upper] : null,
      };
    }
    return Response.json({
      id: run.id,
      status: run.status,
      progress: run.progress,
      metrics,
      ...(run.error ? { error: run.error } : {}),
    });
  });
}
