export { createRedis } from "./connection.ts";
export { closeQueues, enqueue, getQueue } from "./enqueue.ts";
export { type JobsEnv, jobsEnv } from "./env.ts";
export { jobIdOf, type QueueKey, type QueuePayload, queues } from "./queues.ts";
