/** The events a webhook may subscribe to (DESIGN.md words; the `fieldtest-event` header carries one). */
export const WEBHOOK_EVENTS = ["review.requested", "review.decided", "version.promoted", "readiness.changed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The event of a delivery made by "send test" (never subscribed to: it goes to the one webhook asked). */
export const WEBHOOK_TEST_EVENT = "webhook.test";

export function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/** Attempts of one delivery before it is `failed`, and the wait before each retry (ms). */
export const WEBHOOK_MAX_ATTEMPTS = 5;
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [10_000, 30_000, 120_000, 600_000];
