import { z } from "zod";
import { MAX_EVENT_ID_LENGTH, MAX_INGEST_ITEMS } from "./ingest-limits";

/**
 * Schemas of the ingestion routes. The body's shape (a JSON array, or {events|labels: [...]},
 * of 1…5,000 objects each with a string eventId) is checked as a whole: a body that fails it is
 * a 400 and nothing is stored. Each item's other fields are checked one by one: an item that
 * fails is `rejected` with the reason, and the others proceed.
 */
const eventId = z.string().min(1).max(MAX_EVENT_ID_LENGTH);
const item = z.looseObject({ eventId });
const batch = z
  .array(item)
  .min(1, "send at least one item")
  .max(MAX_INGEST_ITEMS, `at most ${MAX_INGEST_ITEMS} items per request`);

export const eventsBody = z
  .union([batch, z.object({ events: batch })])
  .transform((b) => (Array.isArray(b) ? b : b.events));
export const labelsBody = z
  .union([batch, z.object({ labels: batch })])
  .transform((b) => (Array.isArray(b) ? b : b.labels));

const isoWithZone = z.iso.datetime({
  offset: true,
  message: "must be an ISO 8601 date-time with a zone (Z or ±hh:mm)",
});

export const eventItem = z.object({
  eventId,
  modelVersionId: z.uuid(),
  timestamp: isoWithZone,
  features: z.record(z.string(), z.unknown()),
  /** Binary: the positive-class probability; regression: the value; multiclass: {class: probability}. */
  prediction: z.union([z.number(), z.record(z.string(), z.number())]),
  latencyMs: z.number().nonnegative().optional(),
});

export const labelItem = z.object({
  eventId,
  /** Binary: 0/1 or true/false; multiclass: the class; regression: the value. */
  label: z.union([z.number(), z.boolean(), z.string().min(1).max(MAX_EVENT_ID_LENGTH)]),
  timestamp: isoWithZone.optional(),
});

export const ingestResult = z.object({
  eventId: z.string(),
  status: z.enum(["accepted", "duplicate", "rejected"]),
  reason: z.string().optional(),
});
export const ingestResponse = z.object({ results: z.array(ingestResult) });
export type IngestResult = z.infer<typeof ingestResult>;

/** OpenAPI request bodies (the per-item schemas, as an array). */
export const eventsRequestDoc = z.union([z.array(eventItem), z.object({ events: z.array(eventItem) })]);
export const labelsRequestDoc = z.union([z.array(labelItem), z.object({ labels: z.array(labelItem) })]);
export const eraseResponse = z.object({ eventId: z.string(), predictions: z.number(), labels: z.number() });

/** "field: message" of the first issue, for a rejected item's reason. */
export function reasonOf(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
