import "server-only";
import { type Db, dueWebhookDeliveries } from "@fieldtest/db";
import { enqueueMany } from "@fieldtest/jobs";
import { errorFields, logEvent } from "../observability/log";

/**
 * After an action committed its webhook deliveries (outbox rows), hand the due ones of the
 * caller's teams to the worker. Never fails the action: a delivery left without a job is enqueued
 * by the worker's sweeper.
 */
export async function dispatchWebhookDeliveries(db: Db, teamIds: readonly string[]): Promise<void> {
  try {
    const due = await dueWebhookDeliveries({ db, teamIds, take: 100 });
    await enqueueMany("webhookDelivery", due, { timeoutMs: 2_000 });
  } catch (err) {
    logEvent("warn", "webhook.dispatch-failed", errorFields(err));
  }
}

/** `action`'s result, once its deliveries have been dispatched. */
export async function afterCommit<T>(ctx: { db: Db; scope: { teamIds: string[] } }, action: Promise<T>): Promise<T> {
  const result = await action;
  await dispatchWebhookDeliveries(ctx.db, ctx.scope.teamIds);
  return result;
}
