import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { apiKeyRouter } from "./routers/api-key";
import { auditRouter } from "./routers/audit";
import { benchmarkRouter } from "./routers/benchmark";
import { datasetRouter } from "./routers/dataset";
import { demoRouter } from "./routers/demo";
import { leaderboardRouter } from "./routers/leaderboard";
import { modelRouter } from "./routers/model";
import { modelVersionRouter } from "./routers/model-version";
import { notificationRouter } from "./routers/notification";
import { policyRouter } from "./routers/policy";
import { readinessRouter } from "./routers/readiness";
import { reviewRouter } from "./routers/review";
import { runRouter } from "./routers/run";
import { scheduleRouter } from "./routers/schedule";
import { shadowRouter } from "./routers/shadow";
import { teamRouter } from "./routers/team";
import { trendsRouter } from "./routers/trends";
import { webhookRouter } from "./routers/webhook";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  team: teamRouter,
  model: modelRouter,
  modelVersion: modelVersionRouter,
  dataset: datasetRouter,
  benchmark: benchmarkRouter,
  run: runRouter,
  apiKey: apiKeyRouter,
  audit: auditRouter,
  schedule: scheduleRouter,
  trends: trendsRouter,
  leaderboard: leaderboardRouter,
  shadow: shadowRouter,
  readiness: readinessRouter,
  policy: policyRouter,
  review: reviewRouter,
  notification: notificationRouter,
  webhook: webhookRouter,
  demo: demoRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const createCaller = createCallerFactory(appRouter);
