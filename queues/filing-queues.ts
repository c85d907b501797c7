import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueErrorListener } from './connection.ts';
import type { DeliverJobData, DocumentJobData } from './job-data.ts';
import { DELIVERY_JOB_OPTIONS, STAGE_JOB_OPTIONS } from './job-options.ts';
import { jobIds, type QueueNames } from './names.ts';

/**
 * Where filing work enters: a `file` job once a document is assembled, and one `deliver` job
 * per document and record system once it is filed (by Recto or by a reviewer). Fixed job ids
 * make asking twice a no-op.
 */
export class FilingQueues {
  private readonly file: Queue<DocumentJobData>;
  private readonly deliver: Queue<DeliverJobData>;

  constructor(connection: Redis, names: QueueNames) {
    this.file = new Queue<DocumentJobData>(names.file, { connection, prefix: names.prefix }).on('error', queueErrorListener('file queue'));
    this.deliver = new Queue<DeliverJobData>(names.deliver, { connection, prefix: names.prefix }).on('error', queueErrorListener('deliver queue'));
  }

  async fileDocument(data: DocumentJobData): Promise<void> {
    await this.file.add('file', data, { ...STAGE_JOB_OPTIONS, jobId: jobIds.file(data.documentId, data.attempt) });
  }

  async deliverDocument(data: DeliverJobData): Promise<void> {
    await this.deliver.add('deliver', data, { ...DELIVERY_JOB_OPTIONS, jobId: jobIds.deliver(data.documentId, data.sink, data.delivery) });
  }

  async close(): Promise<void> {
    await Promise.all([this.file.close(), this.deliver.close()]);
  }
}
