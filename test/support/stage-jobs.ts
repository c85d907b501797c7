import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedisConnection } from '../../queues/connection.ts';
import { jobIds, type QueueNames, queueNames } from '../../queues/names.ts';

/**
 * What BullMQ recorded about each stage job of a document, read from Redis: the evidence for
 * "exactly once". Job ids are fixed per document, attempt and page, so a document's jobs can
 * be looked up directly; BullMQ counts each start (attemptsStarted), each finish
 * (attemptsMade), each takeover of a dead worker's job (stalledCounter), and records which
 * worker process ran it last (processedBy).
 */

export const STAGES = ['split', 'clean', 'ocr', 'assemble'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageJobRecord {
  stage: Stage;
  id: string;
  /** 'missing' when Redis has no such job. */
  state: string;
  attemptsStarted: number;
  attemptsMade: number;
  stalledCounter: number;
  /** When the job was added (ms since the epoch, by the adding process's clock). */
  addedAt?: number;
  processedBy?: string;
  failedReason?: string;
}

const GIVE_UP_MS = 10_000;

export class StageJobs {
  private readonly connection: Redis;
  private readonly names: QueueNames;
  private readonly queues: Record<Stage, Queue>;

  constructor(redisUrl: string, prefix: string) {
    // Retries forever, like a worker: a test may look while its Redis is being restarted.
    this.connection = createRedisConnection(redisUrl, 'worker');
    this.connection.on('error', () => undefined);
    this.names = queueNames(prefix);
    const open = (stage: Stage) =>
      new Queue(this.names[stage], { connection: this.connection, prefix: this.names.prefix }).on('error', () => undefined);
    this.queues = { split: open('split'), clean: open('clean'), ocr: open('ocr'), assemble: open('assemble') };
  }

  /** Every stage job of one attempt of a document: split, then clean and OCR per page, then assemble. */
  async ofDocument(documentId: string, pageCount: number, attempt = 1): Promise<StageJobRecord[]> {
    const wanted: Array<[Stage, string]> = [['split', jobIds.split(documentId, attempt)]];
    for (let page = 0; page < pageCount; page++) {
      wanted.push(['clean', jobIds.clean(documentId, attempt, page)], ['ocr', jobIds.ocr(documentId, attempt, page)]);
    }
    wanted.push(['assemble', jobIds.assemble(documentId, attempt)]);
    return Promise.all(wanted.map(([stage, id]) => this.record(stage, id)));
  }

  /** Jobs some worker is running right now (and still was when its record was read). */
  async active(stage: Stage): Promise<StageJobRecord[]> {
    const jobs = await this.queues[stage].getJobs(['active']);
    const records = await Promise.all(jobs.map((job) => this.record(stage, job.id!)));
    return records.filter((record) => record.state === 'active');
  }

  /** Job counts per stage and state (completed, failed, active, waiting, …). */
  async counts(): Promise<Record<Stage, Record<string, number>>> {
    const entries = await Promise.all(STAGES.map(async (stage) => [stage, await this.queues[stage].getJobCounts()] as const));
    return Object.fromEntries(entries) as Record<Stage, Record<string, number>>;
  }

  /**
   * Removes every key of these queues, whatever state their jobs are in. Gives up after a
   * while: a test that failed with its Redis stopped must still be able to clean up the rest.
   */
  async obliterate(): Promise<void> {
    const removeAll = async () => {
      for (const queue of Object.values(this.queues)) await queue.obliterate({ force: true });
      // The filing queues too: the API opens them (for /metrics and bull-board) even when filing is off.
      for (const name of [this.names.file, this.names.deliver]) {
        const queue = new Queue(name, { connection: this.connection, prefix: this.names.prefix }).on('error', () => undefined);
        await queue.obliterate({ force: true });
        await queue.close();
      }
    };
    await withDeadline(removeAll(), GIVE_UP_MS);
  }

  /** Closes the queues and drops the connection, even if Redis no longer answers. */
  async close(): Promise<void> {
    await withDeadline(Promise.all(Object.values(this.queues).map((queue) => queue.close())), GIVE_UP_MS).catch(() => undefined);
    this.connection.disconnect();
  }

  private async record(stage: Stage, id: string): Promise<StageJobRecord> {
    const job = await Job.fromId(this.queues[stage], id);
    if (!job) return { stage, id, state: 'missing', attemptsStarted: 0, attemptsMade: 0, stalledCounter: 0 };
    return {
      stage,
      id,
      state: await job.getState(),
      attemptsStarted: job.attemptsStarted,
      attemptsMade: job.attemptsMade,
      stalledCounter: job.stalledCounter,
      addedAt: job.timestamp,
      processedBy: job.processedBy,
      failedReason: job.failedReason || undefined,
    };
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
