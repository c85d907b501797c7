import { type Job, UnrecoverableError } from 'bullmq';
import type { DocumentJobData } from '../queues/job-data.ts';
import { asRectoError } from '../src/core/errors.ts';
import { documentsFinished, pagesProcessed, stageDuration } from '../src/observability/process-metrics.ts';
import type { Storage } from '../src/storage/storage.ts';

/**
 * Runs a stage and sorts its failures the way BullMQ needs: bad input (a permanent RectoError)
 * fails the document at once and stops retries (UnrecoverableError); anything retryable is
 * thrown again for BullMQ's exponential backoff, and recorded on the document only when the
 * last attempt has failed. Every run is timed for /metrics, labelled by the job's stage name.
 */
export async function runStage<Data extends DocumentJobData, Result>(
  job: Job<Data>,
  storage: Storage,
  stage: () => Promise<Result>,
): Promise<Result> {
  const stopTimer = stageDuration.startTimer({ stage: job.name });
  try {
    const result = await stage();
    stopTimer({ outcome: 'ok' });
    if (job.name === 'ocr') pagesProcessed.inc();
    if (job.name === 'assemble') documentsFinished.inc({ status: 'done' });
    return result;
  } catch (thrown) {
    const error = asRectoError(thrown);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const final = !error.retryable || lastAttempt;
    stopTimer({ outcome: final ? 'failed' : 'retry' });
    if (final) {
      documentsFinished.inc({ status: 'failed' });
      await storage.metadata.updateDocument(job.data.documentId, { status: 'failed', error: error.toJSON() }).catch(() => undefined);
    }
    if (!error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
    throw error;
  }
}
