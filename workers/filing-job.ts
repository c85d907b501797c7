import { type Job, UnrecoverableError } from 'bullmq';
import { asRectoError } from '../src/core/errors.ts';
import { stageDuration } from '../src/observability/process-metrics.ts';

/**
 * Runs a filing or delivery job. Unlike the capture stages, its failure leaves the document
 * itself `done` (its PDF and text are fine); what failed is recorded where it belongs (the
 * delivery record, the review queue). Retryable errors go back to BullMQ's backoff; permanent
 * ones stop at once.
 */
export async function runFilingJob<Result>(job: Job, work: () => Promise<Result>): Promise<Result> {
  const stopTimer = stageDuration.startTimer({ stage: job.name });
  try {
    const result = await work();
    stopTimer({ outcome: 'ok' });
    return result;
  } catch (thrown) {
    const error = asRectoError(thrown);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    stopTimer({ outcome: !error.retryable || lastAttempt ? 'failed' : 'retry' });
    if (!error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
    throw error;
  }
}
