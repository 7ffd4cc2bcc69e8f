import { ingestBatch } from "../../../../server/ingest/ingest-route";
import { labelsBody } from "../../../../server/ingest/ingest-schemas";
import { storeLabels } from "../../../../server/ingest/store-labels";
import { restRoute } from "../../../../server/rest/rest-route";

/**
 * POST a batch of labels (a JSON array or {labels: [...]}, ≤ 5,000 items, ≤ 5 MB) → 200/207
 * {results} in request order; relabels follow packages/db ingest-labels.ts. Scope: ingest.
 */
export async function POST(request: Request): Promise<Response> {
  return restRoute(request, ["ingest"], (caller) =>
    ingestBatch({ request, caller, body: labelsBody, store: (items) => storeLabels(caller, items) }),
  );
}
