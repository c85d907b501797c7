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

/**
 * When BullMQ will run a job again if the try now running fails retryably: null when this is
 * its last try. Mirrors BullMQ's built-in backoffs (exponential: delay × 2^(tries made − 1);
 * fixed: delay), so a record can say "retrying at …" instead of failed.
 */
export function nextAttemptAt(job: { attemptsMade: number; opts: Pick<JobsOptions, 'attempts' | 'backoff'> }, now = Date.now()): Date | null {
  const triesMade = job.attemptsMade + 1; // counting the one now failing
  if (triesMade >= (job.opts.attempts ?? 1)) return null;
  const backoff = job.opts.backoff;
  const { type, delay = 0 } = typeof backoff === 'number' ? { type: 'fixed', delay: backoff } : (backoff ?? { type: 'fixed', delay: 0 });
  const waitMs = type === 'exponential' ? Math.round(2 ** (triesMade - 1) * delay) : delay;
  return new Date(now + waitMs);
}
