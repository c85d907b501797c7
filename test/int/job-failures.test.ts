import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection } from '../../queues/connection.ts';
import type { DocumentJobData } from '../../queues/job-data.ts';
import { RectoError } from '../../src/core/errors.ts';
import { type EmbeddedStorage, openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import type { MetadataStore, Storage } from '../../src/storage/storage.ts';
import { runStage } from '../../workers/job-failures.ts';
import { waitUntil } from '../support/service-client.ts';

/**
 * What a stage job does when it fails for good: the document is failed with the typed error,
 * and when that write itself fails the failure is not dropped (the document would otherwise
 * stay `processing` with nothing left to move it). Real Redis under a random prefix, real
 * SQLite storage; the storage's updateDocument is made to fail on demand.
 */

let connection: Redis;
let dataDir: string;
let storage: EmbeddedStorage;
const prefix = `recto-job-failures-${randomUUID().slice(0, 8)}`;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(() => {
  connection = createRedisConnection('redis://127.0.0.1:6379', 'worker');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'recto-job-failures-'));
  storage = openEmbeddedStorage({ dataDir });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await storage.close();
  await connection.quit();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A document as the split leaves it: processing. */
async function processingDocument(): Promise<string> {
  const blob = await storage.blobs.putBuffer(Buffer.from(`scan ${randomUUID()}`));
  const { document } = await storage.metadata.createDocumentIfAbsent({ sha256: blob.sha256, originalKey: blob.key, fileName: 'ward7-0042.png', sizeBytes: blob.sizeBytes, format: 'png' });
  await storage.metadata.updateDocument(document.id, { status: 'processing' });
  return document.id;
}

/** The same storage, but the next `failures` calls to updateDocument throw `error`. */
function storageFailingWrites(failures: number, error: () => Error): Storage & { failedWrites: number } {
  let left = failures;
  const wrapped = { failedWrites: 0 } as Storage & { failedWrites: number };
  const metadata = new Proxy(storage.metadata, {
    get(target, property, receiver) {
      if (property === 'updateDocument') {
        return async (...args: Parameters<MetadataStore['updateDocument']>) => {
          if (left > 0) {
            left--;
            wrapped.failedWrites++;
            throw error();
          }
          return target.updateDocument(...args);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return Object.assign(wrapped, { blobs: storage.blobs, metadata, close: async () => undefined });
}

/** A queue and worker of its own running `stage` for one job; answers the job once it has failed for good. */
async function runFailingJob(
  stage: () => Promise<unknown>,
  jobStorage: Storage,
  documentId: string,
  attempts: number,
): Promise<{ job: Job<DocumentJobData>; log: string[] }> {
  const name = `clean-${randomUUID().slice(0, 8)}`;
  const log: string[] = [];
  const queue = new Queue<DocumentJobData>(name, { connection, prefix });
  const worker = new Worker<DocumentJobData>(
    name,
    (job) => runStage(job, jobStorage, stage, { recordAgainAfterMs: 200, log: (line) => log.push(line) }),
    { connection, prefix },
  );
  cleanups.push(() => worker.close(), () => queue.obliterate({ force: true }).then(() => queue.close()));
  const added = await queue.add('clean', { documentId, attempt: 1 }, { attempts, backoff: { type: 'fixed', delay: 50 } });
  await waitUntil('the job has failed for good', 20_000, async () => (await queue.getJobState(added.id!)) === 'failed');
  // Read after the state: a job read before it shows what it was before it failed.
  return { job: (await queue.getJob(added.id!)) as Job<DocumentJobData>, log };
}

describe('a stage job that fails for good', () => {
  it('fails the document with its typed error, retrying the record while storage is unavailable, without using up tries', async () => {
    const documentId = await processingDocument();
    const flaky = storageFailingWrites(2, () => new RectoError('STORAGE_UNAVAILABLE', 'the database is unavailable (SQLITE_FULL): database or disk is full'));
    const { job, log } = await runFailingJob(async () => {
      throw new RectoError('CORRUPT_IMAGE', 'ward7-0042.png: the image is cut short');
    }, flaky, documentId, 3);

    expect(flaky.failedWrites).toBe(2);
    // Each unrecorded failure is said, with the document's id, and put back rather than dropped.
    expect(log).toHaveLength(2);
    for (const line of log) expect(line).toMatch(new RegExp(`clean job .* of document ${documentId} failed \\(CORRUPT_IMAGE.*could not be recorded \\(STORAGE_UNAVAILABLE.*runs again`));
    // Bad input is not retried: one try, however many times it was put back to record it.
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^CORRUPT_IMAGE/);
    expect(await storage.metadata.getDocument(documentId)).toMatchObject({ status: 'failed', error: { code: 'CORRUPT_IMAGE', retryable: false } });
  });

  it('records the last try of trouble worth retrying the same way', async () => {
    const documentId = await processingDocument();
    const flaky = storageFailingWrites(1, () => new RectoError('STORAGE_UNAVAILABLE', 'the database is unavailable (SQLITE_BUSY): database is locked'));
    const { job, log } = await runFailingJob(async () => {
      throw new RectoError('OCR_FAILED', 'tesseract.js failed on the page: worker exited');
    }, flaky, documentId, 2);

    expect(log).toEqual([expect.stringContaining(`of document ${documentId} failed (OCR_FAILED`)]);
    expect(job.attemptsMade).toBe(2);
    expect(await storage.metadata.getDocument(documentId)).toMatchObject({ status: 'failed', error: { code: 'OCR_FAILED' } });
  });

  it('does not wait on a record refused for good (the document has moved on), and says so', async () => {
    const documentId = await processingDocument();
    await storage.metadata.updateDocument(documentId, { status: 'done' });
    // A stale job of a finished document: the store refuses to move done back to failed.
    const { job, log } = await runFailingJob(async () => {
      throw new RectoError('CORRUPT_IMAGE', 'ward7-0042.png: the image is cut short');
    }, storage, documentId, 3);

    expect(job.attemptsMade).toBe(1);
    expect(log).toEqual([expect.stringMatching(new RegExp(`of document ${documentId} failed \\(CORRUPT_IMAGE\\) and that could not be recorded, for good \\(INVALID_STATUS_TRANSITION`))]);
    expect((await storage.metadata.getDocument(documentId))?.status).toBe('done');
  });

  it('takes a bug (not a RectoError) as INTERNAL and does not retry it', async () => {
    const documentId = await processingDocument();
    const { job, log } = await runFailingJob(async () => {
      const page = undefined as unknown as { width: number };
      return page.width;
    }, storage, documentId, 5);

    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^INTERNAL: /);
    expect(log).toEqual([]);
    expect(await storage.metadata.getDocument(documentId)).toMatchObject({ status: 'failed', error: { code: 'INTERNAL', retryable: false } });
  });
});
