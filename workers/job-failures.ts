import { type Job, UnrecoverableError } from 'bullmq';
import type { DocumentJobData } from '../queues/job-data.ts';
import { asRectoError, type RectoError } from '../src/core/errors.ts';
import { documentsFinished, pagesProcessed, stageDuration } from '../src/observability/process-metrics.ts';
import type { Storage } from '../src/storage/storage.ts';

/**
 * Runs any job and sorts its failures the way BullMQ needs: a permanent RectoError (bad input,
 * a refused delivery) stops retries at once (UnrecoverableError); anything retryable is thrown
 * again for BullMQ's exponential backoff. Every run is timed for /metrics, labelled by the
 * job's stage name. `onFinalFailure` runs once the job will not be tried again.
 */
export async function runJob<Result>(
  job: Job,
  work: () => Promise<Result>,
  onFinalFailure?: (error: RectoError) => Promise<void>,
): Promise<Result> {
  const stopTimer = stageDuration.startTimer({ stage: job.name });
  try {
    const result = await work();
    stopTimer({ outcome: 'ok' });
    return result;
  } catch (thrown) {
    const error = asRectoError(thrown);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const final = !error.retryable || lastAttempt;
    stopTimer({ outcome: final ? 'failed' : 'retry' });
    if (final) await onFinalFailure?.(error);
    if (!error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
    throw error;
  }
}

/**
 * A capture stage: as runJob, and a final failure fails the document with its typed error
 * (recorded only when the last attempt has failed, so a retry that succeeds leaves no trace).
 */
export async function runStage<Data extends DocumentJobData, Result>(
  job: Job<Data>,
  storage: Storage,
  stage: () => Promise<Result>,
): Promise<Result> {
  const result = await runJob(job, stage, async (error) => {
    documentsFinished.inc({ status: 'failed' });
    await storage.metadata.updateDocument(job.data.documentId, { status: 'failed', error: error.toJSON() }).catch(() => undefined);
  });
  if (job.name === 'ocr') pagesProcessed.inc();
  if (job.name === 'assemble') documentsFinished.inc({ status: 'done' });
  return result;
}
