import { getDb } from "@fieldtest/db";
import { pingQueueRedis } from "@fieldtest/jobs";
import { env } from "../../../env";
import { checkHealth } from "../../../server/observability/health";

export const dynamic = "force-dynamic";

/**
 * GET /api/health — liveness and readiness for load balancers and orchestrators, no sign-in:
 * 200 `{ status: "ok", live: true, ready: true, version, checks: { postgres, redis } }` when
 * PostgreSQL answers `select 1` and Redis answers PING, each within 1.5 s; otherwise 503 with
 * the failing check marked `ok: false` ("timeout" or "unavailable"). `?probe=live` answers 200
 * without touching the dependencies (liveness only).
 */
export async function GET(request: Request): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  if (new URL(request.url).searchParams.get("probe") === "live") {
    return Response.json({ status: "ok", live: true, version: env.FIELDTEST_CODE_VERSION }, { headers });
  }
  const report = await checkHealth({
    version: env.FIELDTEST_CODE_VERSION,
    checks: [
      { name: "postgres", check: () => getDb().$queryRaw`select 1` },
      { name: "redis", check: () => pingQueueRedis() },
    ],
  });
  return Response.json(report, { status: report.ready ? 200 : 503, headers });
}
