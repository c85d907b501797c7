import { type Job, UnrecoverableError } from 'bullmq';
import type { DocumentJobData } from '../queues/job-data.ts';
import { asRectoError } from '../src/core/errors.ts';
import type { Storage } from '../src/storage/storage.ts';

/**
 * Runs a stage and sorts its failures the way BullMQ needs: bad input (a permanent RectoError)
 * fails the document at once and stops retries (UnrecoverableError); anything retryable is
 * thrown again for BullMQ's exponential backoff, and recorded on the document only when the
 * last attempt has failed.
 */
export async function runStage<Data extends DocumentJobData, Result>(
  job: Job<Data>,
  storage: Storage,
  stage: () => Promise<Result>,
): Promise<Result> {
  try {
    return await stage();
  } catch (thrown) {
    const error = asRectoError(thrown);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!error.retryable || lastAttempt) {
      await storage.metadata.updateDocument(job.data.documentId, { status: 'failed', error: error.toJSON() }).catch(() => undefined);
    }
    if (!error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
    throw error;
  }
}
