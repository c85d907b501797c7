import type { JobsOptions } from 'bullmq';

/**
 * Every stage job retries transient failures with exponential backoff (1 s, 2 s, 4 s, …) and
 * keeps its record for a while after finishing, so an operator can see what happened.
 */
export const STAGE_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * A record system can be down for hours (overnight maintenance): deliveries keep trying for
 * about a day (10 s doubling, capped by BullMQ's attempts) before the delivery is marked failed
 * and left for re-delivery by API.
 */
export const DELIVERY_JOB_OPTIONS: JobsOptions = {
  attempts: 14,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
