import { expect } from 'vitest';
import type { DocumentRecord } from '../../src/storage/storage.ts';
import type { StageJobs } from './stage-jobs.ts';

/**
 * "Nothing twice", checked against what BullMQ recorded for every stage job of each document
 * (first attempt) and the document's own count of processing starts.
 */

/** No fault: every job started once, finished once, completed; processing started once. */
export async function expectEachJobRanOnce(jobs: StageJobs, documents: DocumentRecord[]): Promise<void> {
  for (const document of documents) {
    const records = await jobs.ofDocument(document.id, document.pageCount!);
    const notOnce = records.filter(
      (job) => job.state !== 'completed' || job.attemptsStarted !== 1 || job.attemptsMade !== 1 || job.stalledCounter !== 0,
    );
    expect(notOnce, document.id).toEqual([]);
    expect(document.attempts, document.id).toBe(1);
  }
}

/**
 * A process was killed: every job still finished exactly once, without failing. A job may have
 * started a second time only because its process died under it (BullMQ found it stalled and
 * handed it to another), and the document's processing started at most as often as its split
 * job did (the kill may come before the split job got as far as marking it processing).
 */
export async function expectRunOnceBarCrashRecovery(jobs: StageJobs, documents: DocumentRecord[]): Promise<void> {
  for (const document of documents) {
    const records = await jobs.ofDocument(document.id, document.pageCount!);
    expect(records.filter((job) => job.state !== 'completed' || job.attemptsMade !== 1), document.id).toEqual([]);
    expect(records.filter((job) => job.attemptsStarted !== 1 + job.stalledCounter || job.stalledCounter > 1), document.id).toEqual([]);
    expect(document.attempts, document.id).toBeGreaterThanOrEqual(1);
    expect(document.attempts, document.id).toBeLessThanOrEqual(records[0].attemptsStarted);
  }
}
