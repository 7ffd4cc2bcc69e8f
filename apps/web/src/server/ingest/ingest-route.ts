import "server-only";
import type { IngestOutcome } from "@fieldtest/db";
import type { z } from "zod";
import { env } from "../../env";
import type { ApiCaller } from "../rest/authenticate";
import { restError } from "../rest/rest-error";
import { parseJsonBody } from "../rest/rest-route";
import { MAX_INGEST_BODY_BYTES } from "./ingest-limits";
import type { IngestResult } from "./ingest-schemas";
import { takeIngestBudget } from "./rate-limit";

type Item = { eventId: string } & Record<string, unknown>;

/**
 * The shared middle of POST /events and /labels: the body (≤ 5 MB, streamed and counted) must
 * have the batch shape, the key's rate budget must cover its items, then `store` judges and
 * stores the items, returning one outcome per item (undefined where it rejected nothing yet).
 * 200 when none is rejected, else 207; results in request order.
 */
export async function ingestBatch(options: {
  request: Request;
  caller: ApiCaller;
  body: z.ZodType<Item[]>;
  store: (items: Item[]) => Promise<IngestOutcome[]>;
}): Promise<Response> {
  const items = await parseJsonBody(options.request, options.body, { maxBytes: MAX_INGEST_BODY_BYTES });
  const budget = await takeIngestBudget({
    apiKeyId: options.caller.apiKeyId,
    count: items.length,
    limit: env.FIELDTEST_INGEST_RATE_LIMIT,
  });
  if (!budget.allowed) {
    const response = restError(
      429,
      "RATE_LIMITED",
      `This API key may send at most ${env.FIELDTEST_INGEST_RATE_LIMIT} items per second; nothing was stored`,
    );
    response.headers.set("retry-after", String(budget.retryAfterSeconds));
    return response;
  }
  const outcomes = await options.store(items);
  const results: IngestResult[] = items.map((item, i) => {
    const o = outcomes[i] as IngestOutcome;
    return { eventId: item.eventId, status: o.status, ...(o.reason ? { reason: o.reason } : {}) };
  });
  const status = results.some((r) => r.status === "rejected") ? 207 : 200;
  return Response.json({ results }, { status });
}
