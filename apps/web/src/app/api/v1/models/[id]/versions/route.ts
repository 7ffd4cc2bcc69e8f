import { getDb } from "@fieldtest/db";
import { registerModelVersion } from "../../../../../../server/models/register-version";
import { actingUserId } from "../../../../../../server/rest/authenticate";
import { isUuid, notFoundResponse, parseJsonBody, restRoute } from "../../../../../../server/rest/rest-route";
import { createVersionBody } from "../../../../../../server/rest/schemas";

/**
 * POST {version, endpoint: {protocol, url?, modelName?, …}} → 201 {id, version, stage}. The same
 * registration as the UI (destination policy, encrypted secret). Scope: evaluate.
 */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return restRoute(request, ["evaluate"], async (caller) => {
    const { id } = await context.params;
    if (!isUuid(id)) return notFoundResponse("Model", "id");
    const input = await parseJsonBody(request, createVersionBody);
    const version = await registerModelVersion({
      db: getDb(),
      teamIds: caller.teamIds,
      modelId: id,
      version: input.version,
      endpoint: input.endpoint,
      notes: input.notes,
      userId: await actingUserId(caller),
    });
    return Response.json({ id: version.id, version: version.version, stage: version.stage }, { status: 201 });
  });
}
