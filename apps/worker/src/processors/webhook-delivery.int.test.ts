import http from "node:http";
import type { AddressInfo } from "node:net";
import { WEBHOOK_MAX_ATTEMPTS } from "@fieldtest/db";
import { enqueue, getQueue } from "@fieldtest/jobs";
import { encryptSecret, parseSecretKey, verifyWebhookSignature } from "@fieldtest/outbound";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workerEnv } from "../env.ts";
import { type RunningWorker, startWorker } from "../start-worker.ts";
import { collectLog } from "../testing/log-collector.ts";
import { waitFor } from "../testing/wait-for.ts";
import { openWorkerTestContext, type WorkerTestContext } from "../testing/worker-test-context.ts";
import { sweepWebhookDeliveries } from "../webhooks/sweep-webhook-deliveries.ts";
import { webhookSecretContext } from "./webhook-delivery.ts";

// Webhook deliveries end to end: a real local HTTP receiver on 127.0.0.1 (opened to the worker's
// webhooks' guarded client by FIELDTEST_WEBHOOK_ALLOW; the model endpoints' allow-list is not theirs),
// the real worker on Redis, rows in Postgres.

const SETTINGS = {
  FIELDTEST_WORKER_CONCURRENCY: 2,
  FIELDTEST_WORKER_LOCK_DURATION_MS: 30_000,
  FIELDTEST_WORKER_STALLED_INTERVAL_MS: 30_000,
  FIELDTEST_SWEEP_INTERVAL_MS: 600_000,
  FIELDTEST_WORKER_THROTTLE_MS: 0,
  FIELDTEST_CODE_VERSION: "worker-int-test",
  FIELDTEST_OUTBOUND_ALLOW: "10.0.0.0/8",
  FIELDTEST_WEBHOOK_ALLOW: "127.0.0.1",
};
const SECRET = "whsec_worker_int_test";

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let ctx: WorkerTestContext;
let worker: RunningWorker;
let server: http.Server;
let base: string;
const received: Received[] = [];
/** Status to answer per path, in turn (the last one repeats); 200 when not listed. */
const answers = new Map<string, number[]>();
const logs = collectLog();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const queue = answers.get(path) ?? [200];
      const status = (queue.length > 1 ? queue.shift() : queue[0]) ?? 200;
      const redirect = status >= 300 && status < 400 ? { location: "/elsewhere" } : {};
      res.writeHead(status, { "content-type": "text/plain", ...redirect }).end(status < 300 ? "ok" : "receiver broke");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ctx = await openWorkerTestContext("webhooks");
  worker = await startWorker({
    db: ctx.db,
    storage: ctx.storage,
    prefix: ctx.prefix,
    env: SETTINGS,
    log: logs.log,
    webhookRetryDelaysMs: [50, 100, 150, 200],
  });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await ctx?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A webhook at `path` of the local receiver, and one pending delivery of `event` to it. */
async function pendingDelivery(path: string, event = "review.decided", url = `${base}${path}`) {
  const webhook = await ctx.db.webhook.create({
    data: { teamId: ctx.teamId, url, secret: "pending", events: [event] },
  });
  const key = parseSecretKey(workerEnv().FIELDTEST_SECRET_KEY);
  await ctx.db.webhook.update({
    where: { id: webhook.id },
    data: { secret: encryptSecret(SECRET, key, webhookSecretContext(webhook.id)) },
  });
  return ctx.db.webhookDelivery.create({
    data: {
      teamId: ctx.teamId,
      webhookId: webhook.id,
      event,
      payload: { event, occurredAt: new Date().toISOString(), team: { id: ctx.teamId }, review: { id: "r1" } },
    },
  });
}

const finished = (deliveryId: string) =>
  waitFor(`delivery ${deliveryId} to finish`, async () => {
    const row = await ctx.db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
    return row.status === "pending" ? undefined : row;
  });

describe("webhook deliveries", () => {
  it("POSTs the payload signed with the webhook's secret, with event and delivery headers", async () => {
    const delivery = await pendingDelivery("/signed");
    await enqueue("webhookDelivery", { deliveryId: delivery.id, attempt: 1 }, { prefix: ctx.prefix });
    const row = await finished(delivery.id);
    expect(row).toMatchObject({ status: "succeeded", attempts: 1, responseStatus: 200, lastError: null });
    expect(row.deliveredAt).toBeInstanceOf(Date);
    const [request] = received.filter((r) => r.path === "/signed");
    expect(request?.headers).toMatchObject({
      "content-type": "application/json",
      "fieldtest-event": "review.decided",
      "fieldtest-delivery": delivery.id,
    });
    expect(JSON.parse(request?.body ?? "")).toEqual(delivery.payload);
    const header = request?.headers["fieldtest-signature"] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret: SECRET, body: request?.body ?? "", header })).toBe(true);
    expect(verifyWebhookSignature({ secret: "whsec_other", body: request?.body ?? "", header })).toBe(false);
  });

  it("retries a 500 with backoff, then succeeds", async () => {
    answers.set("/flaky", [500, 200]);
    const delivery = await pendingDelivery("/flaky");
    await enqueue("webhookDelivery", { deliveryId: delivery.id, attempt: 1 }, { prefix: ctx.prefix });
    const row = await finished(delivery.id);
    expect(row).toMatchObject({ status: "succeeded", attempts: 2, responseStatus: 200, lastError: null });
    const requests = received.filter((r) => r.path === "/flaky");
    expect(requests.map((r) => r.headers["fieldtest-delivery"])).toEqual([delivery.id, delivery.id]);
    expect(logs.events.filter((e) => e.event === "webhook.retrying" && e.deliveryId === delivery.id)).toHaveLength(1);
  });

  it("ends failed with the last error after the maximum attempts", async () => {
    answers.set("/broken", [503]);
    const delivery = await pendingDelivery("/broken");
    await enqueue("webhookDelivery", { deliveryId: delivery.id, attempt: 1 }, { prefix: ctx.prefix });
    const row = await finished(delivery.id);
    expect(row).toMatchObject({ status: "failed", attempts: WEBHOOK_MAX_ATTEMPTS, responseStatus: 503 });
    expect(row.lastError).toBe("The receiver answered HTTP 503");
    // The receiver's body ("receiver broke") is not kept: a webhook URL cannot read what a host answers.
    expect(row.lastError).not.toContain("receiver broke");
    expect(row.deliveredAt).toBeNull();
    expect(received.filter((r) => r.path === "/broken")).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    // A job of an attempt already recorded, run again (its finished job removed first), changes nothing.
    await (await getQueue("webhookDelivery", ctx.prefix).getJob(`${delivery.id}.a3`))?.remove();
    await enqueue("webhookDelivery", { deliveryId: delivery.id, attempt: 3 }, { prefix: ctx.prefix });
    await waitFor("the duplicate to be skipped", () =>
      logs.events.some((e) => e.event === "webhook.skipped" && e.deliveryId === delivery.id),
    );
    expect(received.filter((r) => r.path === "/broken")).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
  });

  it("the sweeper sends a due delivery that never got a job (Redis down at commit time)", async () => {
    const delivery = await pendingDelivery("/swept", "version.promoted");
    const swept = await sweepWebhookDeliveries({ db: ctx.db, prefix: ctx.prefix, log: logs.log });
    expect(swept.enqueued).toContain(`${delivery.id}.a1`);
    expect(await finished(delivery.id)).toMatchObject({ status: "succeeded", attempts: 1 });
    // Nothing is due any more: a second sweep enqueues nothing for it.
    const again = await sweepWebhookDeliveries({ db: ctx.db, prefix: ctx.prefix, log: logs.log });
    expect(again.enqueued.filter((id) => id.startsWith(delivery.id))).toEqual([]);
  });

  it("refuses a destination the outbound policy does not allow, and says so", async () => {
    // A private address: FIELDTEST_OUTBOUND_ALLOW lists it for model endpoints, FIELDTEST_WEBHOOK_ALLOW does not.
    const delivery = await pendingDelivery("/private", "review.decided", "http://10.0.0.1/hook");
    await enqueue("webhookDelivery", { deliveryId: delivery.id, attempt: 1 }, { prefix: ctx.prefix });
    const row = await waitFor("the refused attempt", async () => {
      const r = await ctx.db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
      return r.attempts >= 1 ? r : undefined;
    });
    expect(row.lastError).toMatch(/10\.0\.0\.1.*FIELDTEST_WEBHOOK_ALLOW/);
    expect(row.responseStatus).toBeNull();
  });

  it("does not follow a redirect: a 3xx is a failed attempt, the signed body goes nowhere else", async () => {
    answers.set("/moved", [308]);
    const delivery = await pendingDelivery("/moved");
    await enqueue("webhookDelivery", { deliveryId: delivery.id, attempt: 1 }, { prefix: ctx.prefix });
    const row = await waitFor("the redirected attempt", async () => {
      const r = await ctx.db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
      return r.attempts >= 1 ? r : undefined;
    });
    expect(row.status).not.toBe("succeeded");
    expect(row.lastError).toMatch(/redirect/i);
    expect(received.filter((r) => r.path === "/moved")).toHaveLength(row.attempts);
    expect(received.filter((r) => r.path === "/elsewhere")).toEqual([]);
  });
});
