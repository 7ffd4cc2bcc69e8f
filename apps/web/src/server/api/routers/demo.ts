import { DEMO_LOAD_VERSION, demoLoadJobId, demoLoadProgressSchema, getQueue } from "@fieldtest/jobs";
import { z } from "zod";
import { teamProcedure } from "../trpc";

const policy = { role: "member", scope: "team" } as const;

// Redis is only asked for a banner: a slow or absent Redis shows no banner rather than a slow page.
const REDIS_TIMEOUT_MS = 1_500;

const resultSchema = z.object({ modelId: z.uuid().optional() }).partial();

/** The load's state, with the team it loads into (one of the caller's). */
export type DemoLoadStatus = { teamId: string } & (
  | { state: "loading"; progress: z.infer<typeof demoLoadProgressSchema> | null }
  | { state: "done"; modelId: string | null }
  | { state: "failed" }
);

export const demoRouter = {
  /**
   * The flight-delay story's full-scale background load (queue demo-load), for the portfolio's
   * banner: its state and progress, or null when there is none — no such job, a caller who is not
   * a member of the team it loads into, or Redis not answering.
   */
  loadStatus: teamProcedure.meta({ policy }).query(async ({ ctx }): Promise<DemoLoadStatus | null> => {
    if (ctx.scope.teamIds.length === 0) return null;
    const queue = getQueue("demoLoad");
    // getQueue caches the queue: one listener, not one per poll.
    if (queue.listenerCount("error") === 0) queue.on("error", () => {});
    const lookup = (async () => {
      const job = await queue.getJob(demoLoadJobId("flights", "full", DEMO_LOAD_VERSION));
      if (!job) return null;
      return { job, state: await job.getState() };
    })();
    lookup.catch(() => {});
    const found = await Promise.race([
      lookup,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), REDIS_TIMEOUT_MS).unref()),
    ]).catch(() => null);
    if (!found) return null;
    const { job, state } = found;
    const teamId = (job.data as { teamId?: unknown }).teamId;
    if (typeof teamId !== "string" || !ctx.scope.teamIds.includes(teamId)) return null;
    if (state === "completed") {
      const result = resultSchema.safeParse(job.returnvalue);
      return { teamId, state: "done", modelId: result.success ? (result.data.modelId ?? null) : null };
    }
    if (state === "failed") return { teamId, state: "failed" };
    const progress = demoLoadProgressSchema.safeParse(job.progress);
    return { teamId, state: "loading", progress: progress.success ? progress.data : null };
  }),
};
