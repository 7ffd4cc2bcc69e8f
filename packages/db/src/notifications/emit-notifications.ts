import type { Prisma, ReadinessReport, Review } from "../generated/prisma/client.ts";
import { WEBHOOK_TEST_EVENT, type WebhookEvent } from "./webhook-events.ts";
import { subjectPayload, type WebhookSubject, webhookSubject } from "./webhook-subject.ts";

/**
 * Notifications and webhook deliveries of an action, written by the action itself inside its
 * transaction (outbox pattern): a rolled-back action leaves none, a committed one all of them.
 * The worker sends the deliveries (after the commit, or from its sweeper); nothing here calls out.
 */

type Tx = Prisma.TransactionClient;

const reviewLink = (reviewId: string) => `/reviews/${reviewId}`;
const label = (s: WebhookSubject) => `${s.model.name} ${s.version.version}`;
const words = (value: string) => value.replaceAll("_", " ");

/** One pending delivery per active webhook of the team subscribed to `event`; returns their ids. */
export async function createWebhookDeliveries(
  tx: Tx,
  input: { teamId: string; event: WebhookEvent; payload: Record<string, unknown> },
): Promise<string[]> {
  const webhooks = await tx.webhook.findMany({
    where: { teamId: input.teamId, active: true, events: { has: input.event } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  if (webhooks.length === 0) return [];
  const rows = await tx.webhookDelivery.createManyAndReturn({
    data: webhooks.map((w) => ({
      teamId: input.teamId,
      webhookId: w.id,
      event: input.event,
      payload: input.payload as Prisma.InputJsonValue,
    })),
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** The "send test" delivery of one webhook (event webhook.test). */
export async function createTestDelivery(tx: Tx, input: { webhookId: string; team: { id: string; slug: string } }) {
  return tx.webhookDelivery.create({
    data: {
      teamId: input.team.id,
      webhookId: input.webhookId,
      event: WEBHOOK_TEST_EVENT,
      payload: {
        event: WEBHOOK_TEST_EVENT,
        occurredAt: new Date().toISOString(),
        team: input.team,
        webhook: { id: input.webhookId },
      },
    },
  });
}

async function notifyUsers(
  tx: Tx,
  input: { teamId: string; userIds: Iterable<string>; kind: string; title: string; body: string; link: string },
) {
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) return;
  await tx.notification.createMany({
    data: userIds.map((userId) => ({
      teamId: input.teamId,
      userId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      link: input.link,
    })),
  });
}

async function verdictOf(tx: Tx, reportId: string | null) {
  if (!reportId) return null;
  const report = await tx.readinessReport.findUnique({ where: { id: reportId }, select: { verdict: true } });
  return report?.verdict ?? null;
}

/**
 * Review requested: every reviewer and admin of the team is told, except who asked and the
 * version's creator and last changer (they may not decide it); deliveries of `review.requested`.
 */
export async function emitReviewRequested(tx: Tx, review: Review): Promise<void> {
  const subject = await webhookSubject(tx, review.modelVersionId);
  const excluded = new Set([review.requestedById, subject.version.createdById, subject.version.lastChangedById]);
  const deciders = await tx.membership.findMany({
    where: { teamId: review.teamId, role: { in: ["reviewer", "admin"] } },
    select: { userId: true },
  });
  const requester = await tx.user.findUnique({ where: { id: review.requestedById }, select: { name: true } });
  await notifyUsers(tx, {
    teamId: review.teamId,
    userIds: deciders.map((m) => m.userId).filter((id) => !excluded.has(id)),
    kind: "review.requested",
    title: `Review requested: ${label(subject)}`,
    body: `${requester?.name ?? "Someone"} asked for a review${review.requestNote ? `: ${review.requestNote}` : "."}`,
    link: reviewLink(review.id),
  });
  await createWebhookDeliveries(tx, {
    teamId: review.teamId,
    event: "review.requested",
    payload: {
      event: "review.requested",
      occurredAt: review.requestedAt.toISOString(),
      ...subjectPayload(subject),
      review: {
        id: review.id,
        status: review.status,
        note: review.requestNote,
        requestedBy: { id: review.requestedById, name: requester?.name ?? null },
        reportId: review.requestReportId,
        verdict: await verdictOf(tx, review.requestReportId),
      },
    },
  });
}

/** Review decided: who asked for it and the version's creator are told (not the decider); `review.decided`. */
export async function emitReviewDecided(tx: Tx, review: Review): Promise<void> {
  const subject = await webhookSubject(tx, review.modelVersionId);
  const decider = review.decidedById
    ? await tx.user.findUnique({ where: { id: review.decidedById }, select: { name: true } })
    : null;
  const status = words(review.status);
  await notifyUsers(tx, {
    teamId: review.teamId,
    userIds: [review.requestedById, subject.version.createdById].filter((id) => id !== review.decidedById),
    kind: "review.decided",
    title: `Review ${status}: ${label(subject)}`,
    body: `${decider?.name ?? "A reviewer"}: ${review.decisionComment ?? ""}`.trim(),
    link: reviewLink(review.id),
  });
  await createWebhookDeliveries(tx, {
    teamId: review.teamId,
    event: "review.decided",
    payload: {
      event: "review.decided",
      occurredAt: (review.decidedAt ?? new Date()).toISOString(),
      ...subjectPayload(subject),
      review: {
        id: review.id,
        status: review.status,
        comment: review.decisionComment,
        decidedBy: review.decidedById ? { id: review.decidedById, name: decider?.name ?? null } : null,
        reportId: review.decisionReportId,
        verdict: await verdictOf(tx, review.decisionReportId),
        overrideReason: review.overrideReason,
      },
    },
  });
}

/** A version promoted to production (and the versions it retired): `version.promoted`. */
export async function emitVersionPromoted(
  tx: Tx,
  input: {
    modelVersionId: string;
    retiredVersionIds: readonly string[];
    reviewId: string;
    reportId: string | null;
    overridden: boolean;
    userId: string;
  },
): Promise<void> {
  const subject = await webhookSubject(tx, input.modelVersionId);
  const retired = await tx.modelVersion.findMany({
    where: { id: { in: [...input.retiredVersionIds] } },
    select: { id: true, version: true },
    orderBy: { id: "asc" },
  });
  await createWebhookDeliveries(tx, {
    teamId: subject.team.id,
    event: "version.promoted",
    payload: {
      event: "version.promoted",
      occurredAt: new Date().toISOString(),
      ...subjectPayload(subject),
      promotion: {
        promotedBy: { id: input.userId },
        retired,
        reviewId: input.reviewId,
        reportId: input.reportId,
        verdict: await verdictOf(tx, input.reportId),
        overridden: input.overridden,
      },
    },
  });
}

/** A new readiness report whose verdict differs from the previous report's: `readiness.changed`. */
export async function emitReadinessChanged(
  tx: Tx,
  input: { report: ReadinessReport; previous: Pick<ReadinessReport, "id" | "verdict"> },
): Promise<void> {
  const { report, previous } = input;
  if (report.verdict === previous.verdict) return;
  const subject = await webhookSubject(tx, report.modelVersionId);
  await createWebhookDeliveries(tx, {
    teamId: report.teamId,
    event: "readiness.changed",
    payload: {
      event: "readiness.changed",
      occurredAt: report.createdAt.toISOString(),
      ...subjectPayload(subject),
      report: {
        id: report.id,
        verdict: report.verdict,
        previousVerdict: previous.verdict,
        previousReportId: previous.id,
        counts: report.counts,
        createdAt: report.createdAt.toISOString(),
      },
    },
  });
}
