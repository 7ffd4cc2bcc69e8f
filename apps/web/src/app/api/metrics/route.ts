import { env } from "../../../env";
import { metricsAccess } from "../../../server/observability/access";
import { webMetrics } from "../../../server/observability/metrics";

export const dynamic = "force-dynamic";

/**
 * GET /api/metrics — Prometheus text: tRPC procedure durations and outcomes, upload route
 * outcomes and durations, and the process metrics of this server. With FIELDTEST_METRICS_TOKEN
 * set, every caller sends `Authorization: Bearer <token>`; without it, only loopback callers
 * are served (see server/observability/access.ts).
 */
export async function GET(request: Request): Promise<Response> {
  const access = metricsAccess({ headers: request.headers, token: env.FIELDTEST_METRICS_TOKEN });
  if (access === "unauthorized") {
    return Response.json(
      { error: { message: "Send Authorization: Bearer <FIELDTEST_METRICS_TOKEN>" } },
      { status: 401, headers: { "www-authenticate": 'Bearer realm="fieldtest-metrics"' } },
    );
  }
  if (access === "forbidden") {
    return Response.json(
      { error: { message: "Metrics are served to loopback callers only unless FIELDTEST_METRICS_TOKEN is set" } },
      { status: 403 },
    );
  }
  const { registry } = webMetrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
