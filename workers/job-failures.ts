import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { DocumentJobData } from '../queues/job-data.ts';
import { asRectoError, type RectoError } from '../src/core/errors.ts';
import { documentsFinished, pagesProcessed, stageDuration } from '../src/observability/process-metrics.ts';
import type { Storage } from '../src/storage/storage.ts';

/**
 * How long a job whose failure could not be recorded waits before it runs again to record it:
 * long enough for a busy or full disk to be seen to, short enough that the document does not
 * look stuck for long once storage answers again.
 */
export const RECORD_AGAIN_AFTER_MS = 30_000;

export interface RunJobOptions {
  /** See RECORD_AGAIN_AFTER_MS (tests shorten it). */
  recordAgainAfterMs?: number;
  /** Where the line saying a failure could not be recorded goes (stderr). */
  log?: (line: string) => void;
}

/**
 * Runs any job and sorts its failures the way BullMQ needs: a permanent RectoError (bad input,
 * a refused delivery, a bug) stops retries at once (UnrecoverableError); anything retryable is
 * thrown again for BullMQ's exponential backoff. Every run is timed for /metrics, labelled by
 * the job's stage name. `recordFailure` runs once the job will not be tried again.
 *
 * The record of a final failure is what tells people and the API that the work stopped, so it
 * is never dropped: if writing it fails with trouble worth waiting out (storage busy, full or
 * read-only), the job is put back, without using up a try, and runs again later to fail and
 * record it then; until then the document keeps its status (and, left long enough, shows as
 * stale). If the write is refused for good (the document has moved on, or is gone), there is
 * nothing to wait for: that is said, with the document's id, and the job fails as it would have.
 */
export async function runJob<Result>(
  job: Job,
  work: () => Promise<Result>,
  recordFailure?: (error: RectoError) => Promise<void>,
  options: RunJobOptions = {},
): Promise<Result> {
  const stopTimer = stageDuration.startTimer({ stage: job.name });
  let result: Result;
  try {
    result = await work();
  } catch (thrown) {
    const error = asRectoError(thrown);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const final = !error.retryable || lastAttempt;
    if (final && recordFailure) {
      try {
        await recordFailure(error);
      } catch (writeFailure) {
        const unrecorded = asRectoError(writeFailure);
        if (unrecorded.retryable) {
          stopTimer({ outcome: 'retry' });
          return putBackUntilRecorded(job, error, unrecorded, options);
        }
        (options.log ?? logToStderr)(`${describeJob(job)} failed (${error.code}) and that could not be recorded, for good (${unrecorded.code}: ${unrecorded.message})\n`);
      }
    }
    stopTimer({ outcome: final ? 'failed' : 'retry' });
    if (!error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
    throw error;
  }
  stopTimer({ outcome: 'ok' });
  return result;
}

/**
 * A capture stage: as runJob, and a final failure fails the document with its typed error
 * (recorded only when the last attempt has failed, so a retry that succeeds leaves no trace).
 */
export async function runStage<Data extends DocumentJobData, Result>(
  job: Job<Data>,
  storage: Storage,
  stage: () => Promise<Result>,
  options: RunJobOptions = {},
): Promise<Result> {
  const result = await runJob(
    job,
    stage,
    async (error) => {
      await storage.metadata.updateDocument(job.data.documentId, { status: 'failed', error: error.toJSON() });
      documentsFinished.inc({ status: 'failed' });
    },
    options,
  );
  if (job.name === 'ocr') pagesProcessed.inc();
  if (job.name === 'assemble') documentsFinished.inc({ status: 'done' });
  return result;
}

/** Delays the job (BullMQ's moveToDelayed does not count a try) and tells the worker so. */
async function putBackUntilRecorded(job: Job, error: RectoError, unrecorded: RectoError, options: RunJobOptions): Promise<never> {
  const delayMs = options.recordAgainAfterMs ?? RECORD_AGAIN_AFTER_MS;
  (options.log ?? logToStderr)(
    `${describeJob(job)} failed (${error.code}: ${error.message}) but that could not be recorded (${unrecorded.code}: ${unrecorded.message}); ` +
      `it runs again in ${Math.round(delayMs / 1000)} s to record it, and the document keeps its status until then\n`,
  );
  await job.moveToDelayed(Date.now() + delayMs, job.token);
  throw new DelayedError();
}

function describeJob(job: Job): string {
  const documentId = (job.data as Partial<DocumentJobData> | undefined)?.documentId ?? 'unknown';
  return `recto: ${job.name} job ${job.id} of document ${documentId}`;
}

function logToStderr(line: string): void {
  process.stderr.write(line);
}
