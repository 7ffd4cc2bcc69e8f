import { ingestBatch } from "../../../../server/ingest/ingest-route";
import { eventsBody } from "../../../../server/ingest/ingest-schemas";
import { storeEvents } from "../../../../server/ingest/store-events";
import { restRoute } from "../../../../server/rest/rest-route";

/**
 * POST a batch of prediction events (a JSON array or {events: [...]}, ≤ 5,000 items, ≤ 5 MB) →
 * 200/207 {results: [{eventId, status, reason?}]} in request order. Scope: ingest.
 */
export async function POST(request: Request): Promise<Response> {
  return restRoute(request, ["ingest"], (caller) =>
    ingestBatch({ request, caller, body: eventsBody, store: (items) => storeEvents(caller, items) }),
  );
}
