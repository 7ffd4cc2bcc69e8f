import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { benchmarkRouter } from "./routers/benchmark";
import { datasetRouter } from "./routers/dataset";
import { modelRouter } from "./routers/model";
import { modelVersionRouter } from "./routers/model-version";
import { runRouter } from "./routers/run";
import { teamRouter } from "./routers/team";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  team: teamRouter,
  model: modelRouter,
  modelVersion: modelVersionRouter,
  dataset: datasetRouter,
  benchmark: benchmarkRouter,
  run: runRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const createCaller = createCallerFactory(appRouter);
