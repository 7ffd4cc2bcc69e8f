import { getDb } from "@fieldtest/db";
import { auth } from "../../../../../server/auth";
import { isUuid } from "../../../../../server/rest/rest-route";
import { shadowRowsCsv } from "../../../../../server/shadow/shadow-rows-csv";
import { errorResponse } from "../../../../../server/uploads";

/** GET (signed in): the evaluation's matched, labelled rows as CSV (see shadowRowsCsv), for the shadow page's export link. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const session = await auth.api.getSession({ headers: request.headers });
  if (!session) return errorResponse(401, "Sign in to export rows");
  const { id } = await context.params;
  const notFound = () => errorResponse(404, "Shadow evaluation not found", "id");
  if (!isUuid(id)) return notFound();
  const db = getDb();
  const evaluation = await db.shadowEvaluation.findFirst({
    where: { id, team: { memberships: { some: { userId: session.user.id } } } },
    select: { teamId: true },
  });
  if (!evaluation) return notFound();
  const csv = await shadowRowsCsv(db, evaluation.teamId, id);
  if (csv === null) return notFound();
  return csvResponse(csv, id);
}

function csvResponse(csv: string, id: string): Response {
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="shadow-${id}-rows.csv"`,
    },
  });
}
