import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueErrorListener } from './connection.ts';
import type { DocumentJobData } from './job-data.ts';
import { STAGE_JOB_OPTIONS } from './job-options.ts';
import { jobIds, type QueueNames } from './names.ts';

/** Where documents enter the flow: one split job per processing attempt of a stored document. */
export class DocumentQueue {
  private readonly split: Queue<DocumentJobData>;

  /** Kept for the API's queue views (metrics, dashboard), which look at every stage. */
  constructor(
    readonly connection: Redis,
    readonly names: QueueNames,
  ) {
    this.split = new Queue<DocumentJobData>(names.split, { connection, prefix: names.prefix });
    this.split.on('error', queueErrorListener(`queue ${names.split}`));
  }

  /** Idempotent: queuing the same attempt of a document twice adds one job. */
  async enqueue(documentId: string, attempt: number): Promise<void> {
    await this.split.add('split', { documentId, attempt }, { ...STAGE_JOB_OPTIONS, jobId: jobIds.split(documentId, attempt) });
  }

  close(): Promise<void> {
    return this.split.close();
  }
}
