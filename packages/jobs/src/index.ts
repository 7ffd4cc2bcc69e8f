export { cronProblem, isTimeZone, MAX_EVERY_SECONDS, MIN_EVERY_SECONDS, normalizeCron } from "./cadence.ts";
export { createRedis } from "./connection.ts";
export { closeQueues, ENQUEUE_MANY_CHUNK, enqueue, enqueueMany, getQueue, pingQueueRedis } from "./enqueue.ts";
export { type JobsEnv, jobsEnv } from "./env.ts";
export { processorFor } from "./processor.ts";
export {
  DEMO_LOAD_VERSION,
  type DemoLoadProgress,
  demoLoadJobId,
  demoLoadProgressSchema,
  jobIdOf,
  type QueueKey,
  type QueuePayload,
  queues,
  type RowQueueKey,
} from "./queues.ts";
export {
  DEFAULT_SCHEDULER_TIMEOUT_MS,
  nextFireTimes,
  removeScheduler,
  repeatOptionsOf,
  type ScheduleCadence,
  type SchedulerCallOptions,
  scheduledRunQueue,
  schedulerMatches,
  upsertScheduler,
} from "./schedulers.ts";
