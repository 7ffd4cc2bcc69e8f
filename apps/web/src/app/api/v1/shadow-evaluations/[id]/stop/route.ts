import { isUuid, notFoundResponse, restRoute } from "../../../../../../server/rest/rest-route";
import { stopShadow } from "../../../../../../server/shadow/start-shadow";

/** POST → 202 {id}: the continuous evaluation's window ends now; one last scoring follows. Scope: evaluate. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return restRoute(request, ["evaluate"], async (caller) => {
    const { id } = await context.params;
    if (!isUuid(id)) return notFoundResponse("Shadow evaluation", "id");
    const stopped = await stopShadow({ teamId: caller.teamId, id });
    return Response.json({ id: stopped.id }, { status: 202 });
  });
}
