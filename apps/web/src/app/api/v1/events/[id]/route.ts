import { eraseEvent, getDb } from "@fieldtest/db";
import { restRoute } from "../../../../../server/rest/rest-route";

/**
 * DELETE → 200 {eventId, predictions, labels}: erases the event's predictions (every version)
 * and labels in the key's team (personal data); an unknown eventId erases nothing. Scope: ingest.
 */
export async function DELETE(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return restRoute(request, ["ingest"], async (caller) => {
    const { id: eventId } = await context.params;
    const erased = await eraseEvent({ db: getDb(), teamId: caller.teamId, eventId });
    return Response.json({ eventId, ...erased });
  });
}
