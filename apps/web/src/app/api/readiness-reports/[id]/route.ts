import { getDb } from "@fieldtest/db";
import { auth } from "../../../../server/auth";
import { loadReportExport } from "../../../../server/readiness/load-report-export";
import { reportHtml, reportJson } from "../../../../server/readiness/report-export";
import { errorResponse } from "../../../../server/uploads";

/**
 * GET (signed in) ?format=html|json: a readiness report as a document for change-management
 * records. `html` is self-contained (print it to PDF from a browser); `json` carries the sha256 of
 * its content. The report must belong to one of the caller's teams (else 404).
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const session = await auth.api.getSession({ headers: request.headers });
  if (!session) return errorResponse(401, "Sign in to export a report");
  const format = new URL(request.url).searchParams.get("format") ?? "html";
  if (format !== "html" && format !== "json") return errorResponse(400, 'format must be "html" or "json"', "format");
  const { id } = await context.params;
  const db = getDb();
  const memberships = await db.membership.findMany({ where: { userId: session.user.id }, select: { teamId: true } });
  const report = await loadReportExport(
    db,
    memberships.map((m) => m.teamId),
    id,
  );
  if (!report) return errorResponse(404, "Readiness report not found", "id");
  const name = `readiness-${report.model.name}-${report.version.version}-${report.reportId.slice(0, 8)}`.replace(
    /[^\w.-]+/g,
    "_",
  );
  return format === "json"
    ? new Response(reportJson(report), {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="${name}.json"`,
        },
      })
    : new Response(reportHtml(report), {
        headers: {
          "content-type": "text/html; charset=utf-8",
          "content-disposition": `inline; filename="${name}.html"`,
          // No script runs in it, and nothing is fetched from elsewhere.
          "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
        },
      });
}
