import {
  AppError,
  createWebhook,
  deleteWebhook,
  sendTestDelivery,
  WEBHOOK_EVENTS,
  webhookDeliveries,
  webhookView,
} from "@fieldtest/db";
import { encryptSecret, parseSecretKey } from "@fieldtest/outbound";
import { z } from "zod";
import { env } from "../../../env";
import { checkWebhookUrl } from "../../webhooks/check-webhook-url";
import { afterCommit } from "../../webhooks/dispatch-deliveries";
import { teamProcedure } from "../trpc";

/** Webhooks are managed by team admins, like API keys. */
const policy = { role: "admin", scope: "team" } as const;

/** Recent deliveries shown with each webhook in the list. */
const RECENT_DELIVERIES = 5;

const deliveryView = {
  id: true,
  event: true,
  status: true,
  attempts: true,
  lastError: true,
  responseStatus: true,
  nextAttemptAt: true,
  createdAt: true,
  deliveredAt: true,
} as const;

/** The secret encrypted with FIELDTEST_SECRET_KEY, bound to the webhook (the worker decrypts it to sign). */
function encryptWebhookSecret(secret: string, webhookId: string): string {
  if (!env.FIELDTEST_SECRET_KEY) {
    throw new AppError(
      "BAD_INPUT",
      "This server has no FIELDTEST_SECRET_KEY, so it cannot store webhook secrets; ask an operator to set the key",
      { field: "url" },
    );
  }
  return encryptSecret(secret, parseSecretKey(env.FIELDTEST_SECRET_KEY), `webhook:${webhookId}`);
}

const webhookId = z.object({ webhookId: z.uuid() });

export const webhookRouter = {
  /** Webhooks of the teams the caller administers (never their secret), each with its latest deliveries. */
  list: teamProcedure.meta({ policy }).query(async ({ ctx }) => {
    const webhooks = await ctx.db.webhook.findMany({
      where: { teamId: { in: ctx.scope.teamIds } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: {
        ...webhookView,
        team: { select: { id: true, name: true, slug: true } },
        deliveries: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: RECENT_DELIVERIES, select: deliveryView },
      },
    });
    return { events: WEBHOOK_EVENTS, webhooks };
  }),

  /** Creates a webhook; the answer carries its signing secret, shown once and never again. */
  create: teamProcedure
    .meta({ policy })
    .input(
      z.object({
        teamId: z.uuid(),
        url: z.string().trim().min(1, "URL is required").max(2_000, "URL must be at most 2,000 characters"),
        events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Choose at least one event"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      ctx.scope.require(input.teamId);
      const url = await checkWebhookUrl(input.url);
      const { webhook, secret } = await createWebhook({
        db: ctx.db,
        teamId: input.teamId,
        url,
        events: input.events,
        userId: ctx.user.id,
        encrypt: encryptWebhookSecret,
      });
      return { webhook, secret };
    }),

  /** Deletes a webhook and its deliveries (audited). */
  delete: teamProcedure
    .meta({ policy })
    .input(webhookId)
    .mutation(({ ctx, input }) =>
      deleteWebhook({ db: ctx.db, teamIds: ctx.scope.teamIds, webhookId: input.webhookId, userId: ctx.user.id }),
    ),

  /** A webhook's latest deliveries, newest first. */
  deliveries: teamProcedure
    .meta({ policy })
    .input(webhookId)
    .query(async ({ ctx, input }) => {
      const deliveries = await webhookDeliveries({
        db: ctx.db,
        teamIds: ctx.scope.teamIds,
        webhookId: input.webhookId,
      });
      if (!deliveries) throw new AppError("NOT_FOUND", "Webhook not found", { field: "webhookId" });
      return deliveries;
    }),

  /** Sends a `webhook.test` event to the webhook now (a delivery like any other, retried the same way). */
  sendTest: teamProcedure
    .meta({ policy })
    .input(webhookId)
    .mutation(async ({ ctx, input }) => {
      const delivery = await afterCommit(
        ctx,
        sendTestDelivery({ db: ctx.db, teamIds: ctx.scope.teamIds, webhookId: input.webhookId }),
      );
      return { id: delivery.id, status: delivery.status };
    }),
};
