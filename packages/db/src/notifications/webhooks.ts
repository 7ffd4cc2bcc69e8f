import { createHash, randomBytes, randomUUID } from "node:crypto";
import { appendAuditEvent } from "../audit/audit-log.ts";
import type { Db } from "../client.ts";
import { badInput, notFound } from "../errors.ts";
import { createTestDelivery } from "./emit-notifications.ts";
import { isWebhookEvent, WEBHOOK_EVENTS, type WebhookEvent } from "./webhook-events.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What lists show of a webhook: never its secret. */
export const webhookView = {
  id: true,
  teamId: true,
  url: true,
  events: true,
  active: true,
  createdAt: true,
  createdBy: { select: { id: true, name: true } },
} as const;

/** A new signing secret: `whsec_` and 32 random bytes (base64url). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/**
 * Creates a team's webhook (URL already checked by the caller against the outbound policy) with a
 * new secret, stored as `encrypt(secret, webhookId)` returns it; audited as webhook.created
 * (never the secret). Returns the secret: the caller shows it once.
 */
export async function createWebhook(options: {
  db: Db;
  teamId: string;
  url: string;
  events: readonly string[];
  userId: string;
  encrypt: (secret: string, webhookId: string) => string;
}) {
  const { db, teamId, url, userId } = options;
  const events = [...new Set(options.events)];
  if (events.length === 0) throw badInput("events", "Choose at least one event");
  const unknown = events.filter((e) => !isWebhookEvent(e));
  if (unknown.length > 0) {
    throw badInput("events", `Unknown event ${unknown.join(", ")}: choose from ${WEBHOOK_EVENTS.join(", ")}`);
  }
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const stored = options.encrypt(secret, id);
  const webhook = await db.$transaction(async (tx) => {
    const created = await tx.webhook.create({
      data: { id, teamId, url, events: events as WebhookEvent[], secret: stored, createdById: userId },
      select: webhookView,
    });
    await appendAuditEvent(tx, {
      teamId,
      action: "webhook.created",
      actor: { userId },
      targetType: "webhook",
      targetId: id,
      details: { destination: auditedUrl(url), events },
    });
    return created;
  });
  return { webhook, secret };
}

/** Deletes a webhook of the caller's teams with its deliveries; audited as webhook.deleted. */
export async function deleteWebhook(options: {
  db: Db;
  teamIds: readonly string[];
  webhookId: string;
  userId: string;
}) {
  const { db, teamIds, webhookId, userId } = options;
  if (!UUID.test(webhookId)) throw notFound("Webhook", "webhookId");
  return db.$transaction(async (tx) => {
    const webhook = await tx.webhook.findFirst({
      where: { id: webhookId, teamId: { in: [...teamIds] } },
      select: { id: true, teamId: true, url: true, events: true },
    });
    if (!webhook) throw notFound("Webhook", "webhookId");
    await tx.webhook.delete({ where: { id: webhook.id } });
    await appendAuditEvent(tx, {
      teamId: webhook.teamId,
      action: "webhook.deleted",
      actor: { userId },
      targetType: "webhook",
      targetId: webhook.id,
      details: { destination: auditedUrl(webhook.url), events: webhook.events },
    });
    return { id: webhook.id };
  });
}

/** A test delivery (event webhook.test) for a webhook of the caller's teams; returns its id. */
export async function sendTestDelivery(options: { db: Db; teamIds: readonly string[]; webhookId: string }) {
  const { db, teamIds, webhookId } = options;
  if (!UUID.test(webhookId)) throw notFound("Webhook", "webhookId");
  const webhook = await db.webhook.findFirst({
    where: { id: webhookId, teamId: { in: [...teamIds] } },
    select: { id: true, team: { select: { id: true, slug: true } } },
  });
  if (!webhook) throw notFound("Webhook", "webhookId");
  return db.$transaction((tx) => createTestDelivery(tx, { webhookId: webhook.id, team: webhook.team }));
}

/** A webhook's latest deliveries (newest first), or null when it is not in the caller's teams. */
export async function webhookDeliveries(options: {
  db: Db;
  teamIds: readonly string[];
  webhookId: string;
  take?: number;
}) {
  const { db, teamIds, webhookId } = options;
  if (!UUID.test(webhookId)) return null;
  const webhook = await db.webhook.findFirst({
    where: { id: webhookId, teamId: { in: [...teamIds] } },
    select: { id: true },
  });
  if (!webhook) return null;
  return db.webhookDelivery.findMany({
    where: { webhookId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.take ?? 50,
    select: {
      id: true,
      event: true,
      status: true,
      attempts: true,
      lastError: true,
      responseStatus: true,
      nextAttemptAt: true,
      createdAt: true,
      deliveredAt: true,
    },
  });
}

/**
 * Pending deliveries due for an attempt (for dispatch after a commit and for the sweeper), oldest
 * first: id and the attempt number the next job makes.
 */
export async function dueWebhookDeliveries(options: {
  db: Db;
  now?: Date;
  teamIds?: readonly string[];
  take?: number;
}): Promise<{ deliveryId: string; attempt: number }[]> {
  const rows = await options.db.webhookDelivery.findMany({
    where: {
      status: "pending",
      nextAttemptAt: { lte: options.now ?? new Date() },
      ...(options.teamIds ? { teamId: { in: [...options.teamIds] } } : {}),
    },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: options.take ?? 500,
    select: { id: true, attempts: true },
  });
  return rows.map((r) => ({ deliveryId: r.id, attempt: r.attempts + 1 }));
}

/**
 * A webhook URL as the append-only audit log keeps it: its origin and the sha256 of the whole URL.
 * Chat and deploy hooks carry their token in the path or query, and a token in the log could
 * never be removed; the hash still tells which URL it was.
 */
export function auditedUrl(url: string): { origin: string; sha256: string } {
  let origin = "";
  try {
    origin = new URL(url).origin;
  } catch {
    origin = "(not a URL)";
  }
  return { origin, sha256: createHash("sha256").update(url).digest("hex") };
}
