import { type Db, dueWebhookDeliveries } from "@fieldtest/db";
import { enqueue, getQueue, jobIdOf } from "@fieldtest/jobs";
import { errorMessage, type Log } from "../log.ts";

/** Job states in which BullMQ will still run (or is running) the job. */
const LIVE_JOB_STATES = new Set(["active", "waiting", "delayed", "prioritized", "waiting-children"]);

/**
 * Pending webhook deliveries whose attempt is due get a job (jobId `<delivery id>.a<attempt>`),
 * unless a live one exists: deliveries written when Redis was down, retries whose enqueue failed,
 * and jobs lost with Redis data. A job that ended without recording its attempt is replaced.
 */
export async function sweepWebhookDeliveries(options: {
  db: Db;
  prefix: string;
  log: Log;
  now?: Date;
}): Promise<{ checked: number; enqueued: string[] }> {
  const { db, prefix, log } = options;
  const queue = getQueue("webhookDelivery", prefix);
  const due = await dueWebhookDeliveries({ db, now: options.now });
  const enqueued: string[] = [];
  for (const payload of due) {
    const jobId = jobIdOf("webhookDelivery", payload);
    try {
      const job = await queue.getJob(jobId);
      if (job) {
        if (LIVE_JOB_STATES.has(await job.getState())) continue;
        await job.remove();
      }
      await enqueue("webhookDelivery", payload, { prefix });
      enqueued.push(jobId);
    } catch (err) {
      log("sweeper.skipped", { deliveryId: payload.deliveryId, error: errorMessage(err) });
    }
  }
  return { checked: due.length, enqueued };
}
