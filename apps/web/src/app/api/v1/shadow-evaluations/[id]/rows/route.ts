import { getDb } from "@fieldtest/db";
import { isUuid, notFoundResponse, restRoute } from "../../../../../../server/rest/rest-route";
import { shadowRowsCsv } from "../../../../../../server/shadow/shadow-rows-csv";

/** GET → text/csv: the matched, labelled rows of the latest snapshot (see shadowRowsCsv). Scope: read. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return restRoute(request, ["read"], async (caller) => {
    const { id } = await context.params;
    if (!isUuid(id)) return notFoundResponse("Shadow evaluation", "id");
    const csv = await shadowRowsCsv(getDb(), caller.teamId, id);
    if (csv === null) return notFoundResponse("Shadow evaluation", "id");
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="shadow-${id}-rows.csv"`,
      },
    });
  });
}
