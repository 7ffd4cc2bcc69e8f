import { getDb } from "@fieldtest/db";
import { conflictOnDuplicate } from "../../../../server/api/trpc";
import { actingUserId } from "../../../../server/rest/authenticate";
import { parseJsonBody, restRoute } from "../../../../server/rest/rest-route";
import { createModelBody } from "../../../../server/rest/schemas";

/** POST {name, task} → 201 {id, name, task}, in the key's team. Scope: evaluate. */
export async function POST(request: Request): Promise<Response> {
  return restRoute(request, ["evaluate"], async (caller) => {
    const input = await parseJsonBody(request, createModelBody);
    const userId = await actingUserId(caller);
    const model = await conflictOnDuplicate(
      () =>
        getDb().model.create({
          data: {
            teamId: caller.teamId,
            name: input.name,
            task: input.task,
            description: input.description,
            createdById: userId,
          },
        }),
      { field: "name", message: `The team already has a model named "${input.name}"` },
    );
    return Response.json({ id: model.id, name: model.name, task: model.task }, { status: 201 });
  });
}
