import "server-only";
import { getDb, type IngestOutcome, ingestLabels, type LabelEventInput } from "@fieldtest/db";
import type { ApiCaller } from "../rest/authenticate";
import { labelItem, reasonOf } from "./ingest-schemas";

/** Validates each label, then stores the valid ones (packages/db ingestLabels: the relabel rule). */
export async function storeLabels(caller: ApiCaller, items: unknown[]): Promise<IngestOutcome[]> {
  const outcomes: (IngestOutcome | undefined)[] = new Array(items.length);
  const valid: LabelEventInput[] = [];
  const validIndex: number[] = [];
  items.forEach((item, i) => {
    const r = labelItem.safeParse(item);
    if (!r.success) {
      outcomes[i] = { status: "rejected", reason: reasonOf(r.error) };
      return;
    }
    valid.push({
      eventId: r.data.eventId,
      label: r.data.label,
      timestamp: r.data.timestamp ? new Date(r.data.timestamp) : undefined,
    });
    validIndex.push(i);
  });
  const stored = await ingestLabels({ db: getDb(), teamId: caller.teamId, labels: valid });
  stored.forEach((o, k) => {
    outcomes[validIndex[k] as number] = o;
  });
  return outcomes as IngestOutcome[];
}
