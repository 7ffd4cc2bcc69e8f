import type { QueueKey } from "@fieldtest/jobs";
import type { Job } from "bullmq";
import { type DemoLoadDeps, demoLoadProcessor } from "../demo-load/demo-load-processor.ts";
import { type BenchmarkRunDeps, benchmarkRunProcessor } from "./benchmark-run.ts";
import { type ScheduledRunDeps, scheduledRunProcessor } from "./scheduled-run.ts";
import { type ShadowEvaluationDeps, shadowEvaluationProcessor } from "./shadow-evaluation.ts";
import { type WebhookDeliveryDeps, webhookDeliveryProcessor } from "./webhook-delivery.ts";

export type ProcessorDeps = BenchmarkRunDeps &
  DemoLoadDeps &
  ScheduledRunDeps &
  ShadowEvaluationDeps &
  WebhookDeliveryDeps;

/** The processor of each queue of the contract in @fieldtest/jobs; a new queue without one fails to compile. */
export const processors: { [K in QueueKey]: (deps: ProcessorDeps) => (job: Job) => Promise<unknown> } = {
  benchmarkRun: benchmarkRunProcessor,
  scheduledRun: scheduledRunProcessor,
  shadowEvaluation: shadowEvaluationProcessor,
  webhookDelivery: webhookDeliveryProcessor,
  demoLoad: demoLoadProcessor,
};
