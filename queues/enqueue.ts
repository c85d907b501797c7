import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueErrorListener } from './connection.ts';
import type { DocumentJobData } from './job-data.ts';
import { STAGE_JOB_OPTIONS } from './job-options.ts';
import { jobIds, type QueueNames } from './names.ts';
import { queueCall } from './queue-errors.ts';

/** Where documents enter the flow: one split job per processing attempt of a stored document. */
export class DocumentQueue {
  private readonly split: Queue<DocumentJobData>;
  /** Read only here: whether an attempt's flow is still in Redis. */
  private readonly assemble: Queue<DocumentJobData>;

  /** Kept for the API's queue views (metrics, dashboard), which look at every stage. */
  constructor(
    readonly connection: Redis,
    readonly names: QueueNames,
  ) {
    this.split = new Queue<DocumentJobData>(names.split, { connection, prefix: names.prefix });
    this.split.on('error', queueErrorListener(`queue ${names.split}`));
    this.assemble = new Queue<DocumentJobData>(names.assemble, { connection, prefix: names.prefix });
    this.assemble.on('error', queueErrorListener(`queue ${names.assemble}`));
  }

  /** Idempotent: queuing the same attempt of a document twice adds one job. */
  async enqueue(documentId: string, attempt: number): Promise<void> {
    const jobId = jobIds.split(documentId, attempt);
    await queueCall(`queuing ${documentId}`, () => this.split.add('split', { documentId, attempt }, { ...STAGE_JOB_OPTIONS, jobId }));
  }

  /**
   * For a document left `processing`: queues the split of this same attempt again if Redis has
   * lost the attempt's work, and does nothing while any of it is still there (a worker may be
   * on it: doubling it is what this must not do). Returns whether it queued the split again.
   *
   * Where an attempt's work lives: in its split job until that completes; from then on in its
   * assemble job, the parent of every page job, which the split adds (one atomic flow) before
   * it completes. So a split job not yet completed, or an assemble job in any state, means the
   * work is there. The split is looked at first: if it completes in between, its assemble job
   * is already there to be found. A completed split with no assemble job means the flow was
   * lost, and the completed split is removed so its job id can run again; the re-run split
   * keeps the attempt count and the pages' progress (workers/split-worker.ts).
   */
  async requeueIfLost(documentId: string, attempt: number): Promise<boolean> {
    const splitId = jobIds.split(documentId, attempt);
    const split = await this.split.getJobState(splitId);
    if (split !== 'unknown' && split !== 'completed') return false;
    if ((await this.assemble.getJobState(jobIds.assemble(documentId, attempt))) !== 'unknown') return false;
    if (split === 'completed') await this.split.remove(splitId);
    await this.enqueue(documentId, attempt);
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([this.split.close(), this.assemble.close()]);
  }
}
