import "server-only";
import { getDb, type IngestOutcome, ingestPredictionEvents, type PredictionEventInput } from "@fieldtest/db";
import { env } from "../../env";
import type { ApiCaller } from "../rest/authenticate";
import { MAX_FUTURE_SKEW_MS } from "./ingest-limits";
import { eventItem, fastEventItem, isUuidText, reasonOf } from "./ingest-schemas";

type Task = "binary_classification" | "multiclass_classification" | "regression";

/** Why `prediction` does not fit the version's task, or null when it does. */
export function predictionProblem(task: Task, prediction: number | Record<string, number>): string | null {
  if (task === "binary_classification") {
    if (typeof prediction !== "number" || !(prediction >= 0 && prediction <= 1)) {
      return "prediction: a binary model's prediction must be a number in [0, 1]";
    }
    return null;
  }
  if (task === "regression") {
    return typeof prediction === "number" && Number.isFinite(prediction)
      ? null
      : "prediction: a regression model's prediction must be a finite number";
  }
  if (typeof prediction === "number") {
    return "prediction: a multiclass model's prediction must be an object {class: probability}";
  }
  const probabilities = Object.values(prediction);
  if (probabilities.length < 2 || probabilities.some((p) => !(p >= 0 && p <= 1))) {
    return "prediction: a multiclass prediction needs at least two classes with probabilities in [0, 1]";
  }
  const sum = probabilities.reduce((a, b) => a + b, 0);
  return Math.abs(sum - 1) <= 1e-3 ? null : "prediction: multiclass probabilities must sum to 1";
}

/**
 * Validates each event (fields, time window, the version exists in the key's team and the
 * prediction fits its task), then stores the valid ones (packages/db ingestPredictionEvents).
 */
export async function storeEvents(caller: ApiCaller, items: unknown[], now = new Date()): Promise<IngestOutcome[]> {
  const outcomes: (IngestOutcome | undefined)[] = new Array(items.length);
  // The version lookup needs only the ids: it runs while the items are checked (below).
  const versionIds = new Set<string>();
  for (const item of items) {
    const id = (item as { modelVersionId?: unknown } | null)?.modelVersionId;
    if (typeof id === "string" && isUuidText(id)) versionIds.add(id);
  }
  const lookup =
    versionIds.size === 0
      ? Promise.resolve([])
      : getDb().$queryRaw<{ id: string; task: Task }[]>`
          SELECT v.id::text AS id, m.task::text AS task
          FROM model_version v JOIN model m ON m.id = v."modelId"
          WHERE v.id = ANY(${[...versionIds]}::uuid[]) AND m."teamId" = ${caller.teamId}::uuid`;
  lookup.catch(() => {}); // awaited below; this only keeps a failure from being reported as unhandled meanwhile
  const parsed = items.map((item, i) => {
    const fast = fastEventItem(item);
    if (fast) return fast;
    const r = eventItem.safeParse(item);
    if (!r.success) outcomes[i] = { status: "rejected", reason: reasonOf(r.error) };
    return r.success ? r.data : null;
  });
  const versions = await lookup;
  const taskOf = new Map(versions.map((v) => [v.id, v.task]));
  const oldest = now.getTime() - env.FIELDTEST_EVENT_RETENTION_DAYS * 86_400_000;
  const valid: PredictionEventInput[] = [];
  const validIndex: number[] = [];
  parsed.forEach((p, i) => {
    if (!p) return;
    const task = taskOf.get(p.modelVersionId);
    const timestamp = new Date(p.timestamp);
    // Serialized once: checked here, and stored as it is (ingestPredictionEvents' featuresJson).
    const featuresJson = task ? JSON.stringify(p.features) : "";
    let reason: string | null = null;
    if (!task) reason = "modelVersionId: model version not found";
    else if (timestamp.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS)
      reason = "timestamp: more than a day in the future";
    else if (timestamp.getTime() < oldest) reason = "timestamp: older than the event retention period";
    else if (featuresJson.includes("\\u0000")) reason = "features: text must not contain NUL characters";
    else reason = predictionProblem(task, p.prediction);
    if (reason) {
      outcomes[i] = { status: "rejected", reason };
      return;
    }
    valid.push({ ...p, timestamp, featuresJson });
    validIndex.push(i);
  });
  const stored = await ingestPredictionEvents({ db: getDb(), teamId: caller.teamId, events: valid });
  stored.forEach((o, k) => {
    outcomes[validIndex[k] as number] = o;
  });
  return outcomes as IngestOutcome[];
}
