import { type Db, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_DELAYS_MS } from "@fieldtest/db";
import { enqueue, processorFor, type QueuePayload } from "@fieldtest/jobs";
import { decryptSecret, OutboundHttpError, parseSecretKey, signWebhookBody } from "@fieldtest/outbound";
import type { Job } from "bullmq";
import { workerEnv } from "../env.ts";
import { errorMessage, type Log } from "../log.ts";
import type { OutboundClient } from "../runs/scorers.ts";

export interface WebhookDeliveryDeps {
  db: Db;
  log: Log;
  /** BullMQ key prefix (a retry is enqueued under it). */
  prefix: string;
  /** The webhooks' own guarded client (FIELDTEST_WEBHOOK_ALLOW, no redirects). */
  webhookOutbound: (() => OutboundClient) | null;
  /** Waits before attempts 2, 3, … (ms); default WEBHOOK_RETRY_DELAYS_MS (tests pass small ones). */
  webhookRetryDelaysMs?: readonly number[];
  /** FIELDTEST_SECRET_KEY (base64); default: the worker's env. */
  secretKey?: string;
}
export type WebhookDeliveryJob = Job<QueuePayload<"webhookDelivery">>;
export type WebhookDeliveryOutcome = "succeeded" | "retrying" | "failed" | "skipped";

/** Deadline of one attempt: a receiver should answer fast and do its work later. */
const ATTEMPT_TIMEOUT_MS = 10_000;
const MAX_ERROR_CHARS = 1_000;

/** The wait before attempt `attempt + 1` after attempt `attempt` failed (the last delay repeats). */
export function retryDelayOf(delays: readonly number[], attempt: number): number {
  return delays[Math.min(attempt - 1, delays.length - 1)] ?? 0;
}

/** The context a webhook's secret is encrypted with (bound to its id). */
export function webhookSecretContext(webhookId: string): string {
  return `webhook:${webhookId}`;
}

/**
 * One attempt of a webhook delivery: POST the stored payload, signed (`fieldtest-signature`), to
 * the webhook's URL through the guarded outbound client. 2xx is success; anything else is a failed
 * attempt, retried after a backoff until WEBHOOK_MAX_ATTEMPTS, then `failed` with the last error.
 * The row counts attempts: a job whose attempt was already recorded (ran twice) does nothing.
 */
export function webhookDeliveryProcessor(deps: WebhookDeliveryDeps) {
  const { db, log } = deps;
  const delays = deps.webhookRetryDelaysMs ?? WEBHOOK_RETRY_DELAYS_MS;
  return processorFor("webhookDelivery", async ({ deliveryId, attempt }): Promise<WebhookDeliveryOutcome> => {
    const delivery = await db.webhookDelivery.findUnique({
      where: { id: deliveryId },
      include: { webhook: { select: { id: true, url: true, secret: true, active: true } } },
    });
    if (delivery?.status !== "pending" || delivery.attempts !== attempt - 1) {
      log("webhook.skipped", {
        deliveryId,
        attempt,
        reason: delivery ? `${delivery.status}, ${delivery.attempts} attempts` : "gone",
      });
      return "skipped";
    }
    const { webhook } = delivery;
    let status: number | null = null;
    let error: string | null = null;
    if (!webhook.active) {
      error = "The webhook is disabled";
    } else {
      try {
        if (!deps.webhookOutbound) throw new Error("This worker has no outbound client for webhook calls");
        const key = deps.secretKey ?? workerEnv().FIELDTEST_SECRET_KEY;
        const secret = decryptSecret(webhook.secret, parseSecretKey(key), webhookSecretContext(webhook.id));
        const body = JSON.stringify(delivery.payload);
        const response = await deps.webhookOutbound().request({
          url: webhook.url,
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "user-agent": "fieldtest-webhooks",
            "fieldtest-event": delivery.event,
            "fieldtest-delivery": delivery.id,
            "fieldtest-signature": signWebhookBody({ secret, body }),
          },
          retries: 0,
          timeoutMs: ATTEMPT_TIMEOUT_MS,
        });
        status = response.status;
      } catch (err) {
        // An HTTP error is kept as its status only: the receiver's body is not stored, so a URL
        // cannot be used to read what an internal host answers.
        if (err instanceof OutboundHttpError) {
          status = err.status;
          error = `The receiver answered HTTP ${err.status}`;
        } else {
          error = errorMessage(err)
            .replaceAll("FIELDTEST_OUTBOUND_ALLOW", "FIELDTEST_WEBHOOK_ALLOW")
            .slice(0, MAX_ERROR_CHARS);
        }
      }
    }
    const now = new Date();
    const succeeded = error === null;
    const final = succeeded || attempt >= WEBHOOK_MAX_ATTEMPTS || !webhook.active;
    const delayMs = final ? 0 : retryDelayOf(delays, attempt);
    const recorded = await db.webhookDelivery.updateMany({
      where: { id: deliveryId, status: "pending", attempts: attempt - 1 },
      data: {
        attempts: attempt,
        responseStatus: status,
        lastError: error,
        status: succeeded ? "succeeded" : final ? "failed" : "pending",
        ...(succeeded ? { deliveredAt: now } : {}),
        nextAttemptAt: new Date(now.getTime() + delayMs),
      },
    });
    if (recorded.count === 0) return "skipped";
    const fields = { deliveryId, webhookId: webhook.id, event: delivery.event, attempt, status };
    if (succeeded) {
      log("webhook.delivered", fields);
      return "succeeded";
    }
    if (final) {
      log("webhook.failed", { ...fields, error });
      return "failed";
    }
    log("webhook.retrying", { ...fields, error, delayMs });
    try {
      await enqueue("webhookDelivery", { deliveryId, attempt: attempt + 1 }, { prefix: deps.prefix, delayMs });
    } catch (err) {
      // The row says the attempt is due; the sweeper enqueues it.
      log("webhook.enqueue-failed", { deliveryId, attempt: attempt + 1, error: errorMessage(err) });
    }
    return "retrying";
  });
}
