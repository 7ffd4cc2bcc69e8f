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

export type EventItem = z.output<typeof eventItem>;

const patternOf = (schema: z.ZodType): RegExp | undefined =>
  (schema as unknown as { _zod: { def: { pattern?: unknown } } })._zod.def.pattern instanceof RegExp
    ? ((schema as unknown as { _zod: { def: { pattern: RegExp } } })._zod.def.pattern as RegExp)
    : undefined;
const UUID_PATTERN = patternOf(eventItem.shape.modelVersionId);
const DATETIME_PATTERN = patternOf(isoWithZone);

/** Whether `text` passes eventItem's modelVersionId check (a uuid PostgreSQL can cast). */
export function isUuidText(text: string): boolean {
  return UUID_PATTERN ? UUID_PATTERN.test(text) : eventItem.shape.modelVersionId.safeParse(text).success;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !Object.hasOwn(v, "__proto__");
const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * `eventItem`'s output for an item that plainly satisfies it (the same checks, by hand), or null:
 * then the caller runs `eventItem.safeParse` for the verdict and its message. Never accepts an
 * item that `eventItem` would refuse.
 */
export function fastEventItem(item: unknown): EventItem | null {
  if (!UUID_PATTERN || !DATETIME_PATTERN || !isPlainObject(item)) return null;
  const { eventId, modelVersionId, timestamp, features, prediction, latencyMs } = item;
  if (typeof eventId !== "string" || eventId.length < 1 || eventId.length > MAX_EVENT_ID_LENGTH) return null;
  if (typeof modelVersionId !== "string" || !UUID_PATTERN.test(modelVersionId)) return null;
  if (typeof timestamp !== "string" || !DATETIME_PATTERN.test(timestamp)) return null;
  if (!isPlainObject(features)) return null;
  if (!isFiniteNumber(prediction)) {
    if (!isPlainObject(prediction)) return null;
    for (const k in prediction) if (!isFiniteNumber(prediction[k])) return null;
  }
  if (latencyMs !== undefined && !(isFiniteNumber(latencyMs) && latencyMs >= 0)) return null;
  const out: EventItem = {
    eventId,
    modelVersionId,
    timestamp,
    features,
    prediction: prediction as EventItem["prediction"],
  };
  if (Object.hasOwn(item, "latencyMs")) out.latencyMs = latencyMs as number | undefined;
  return out;
}

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
