import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueErrorListener } from './connection.ts';
import type { DeliverJobData, FileJobData } from './job-data.ts';
import { DELIVERY_JOB_OPTIONS, STAGE_JOB_OPTIONS } from './job-options.ts';
import { jobIds, type QueueNames } from './names.ts';
import { queueCall } from './queue-errors.ts';

/**
 * Where filing work enters: a `file` job once a document is assembled (and again for each
 * re-file), and one `deliver` job per document and record system once it is filed (by Recto or
 * by a reviewer). Fixed job ids make asking twice a no-op.
 */
export class FilingQueues {
  private readonly file: Queue<FileJobData>;
  private readonly deliver: Queue<DeliverJobData>;

  private readonly fileOptions: JobsOptions;

  /** `filingRetries` replaces the stage default (5 tries, 1 s doubling): tests use a few quick ones. */
  constructor(connection: Redis, names: QueueNames, filingRetries?: { attempts: number; backoffMs: number }) {
    this.fileOptions = filingRetries ? { attempts: filingRetries.attempts, backoff: { type: 'exponential', delay: filingRetries.backoffMs } } : {};
    this.file = new Queue<FileJobData>(names.file, { connection, prefix: names.prefix }).on('error', queueErrorListener('file queue'));
    this.deliver = new Queue<DeliverJobData>(names.deliver, { connection, prefix: names.prefix }).on('error', queueErrorListener('deliver queue'));
  }

  async fileDocument(data: FileJobData): Promise<void> {
    const jobId = jobIds.file(data.documentId, data.attempt, data.filingAttempt);
    await queueCall(`queuing filing of ${data.documentId}`, () => this.file.add('file', data, { ...STAGE_JOB_OPTIONS, ...this.fileOptions, jobId }));
  }

  async deliverDocument(data: DeliverJobData): Promise<void> {
    const jobId = jobIds.deliver(data.documentId, data.sink, data.delivery);
    await queueCall(`queuing delivery of ${data.documentId} to ${data.sink}`, () => this.deliver.add('deliver', data, { ...DELIVERY_JOB_OPTIONS, jobId }));
  }

  async close(): Promise<void> {
    await Promise.all([this.file.close(), this.deliver.close()]);
  }
}
