import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOcrResult } from '../../src/storage/page-artifacts.ts';
import { expectEachJobRanOnce, expectRunOnceBarCrashRecovery } from '../support/exactly-once.ts';
import { childProcessesOf, isRunning } from '../support/process-table.ts';
import { startRedisServer } from '../support/redis-server.ts';
import { SAMPLES_DIR, sampleTruth } from '../support/samples.ts';
import { type UploadReply, uploadScan, uploadSlowly, waitUntil } from '../support/service-client.ts';
import { createServiceFixture } from '../support/service-fixture.ts';
import type { ServiceProcess } from '../support/service-process.ts';
import { halfPageLetter, oneLineScan } from '../support/text-image.ts';
import { characterErrorRate } from '../support/text-metrics.ts';

/**
 * The capture service under faults, with real processes, real OCR and real Redis: a worker
 * process killed mid-page, Redis restarted mid-batch (with and without its data), the API
 * killed mid-upload. In each, nothing accepted is lost and nothing is done twice.
 */

/**
 * A dead worker's jobs are taken over once their lock expires. Short here so a test does not
 * wait 30 s, yet far above how long a page blocks a worker's event loop (~0.3 s), so a busy
 * worker is never mistaken for a dead one.
 */
const FAST_RECOVERY = { JOB_LOCK_MS: '8000', STALLED_CHECK_MS: '1000' };
const PROCESSING_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 240_000;

/** What BullMQ records as processedBy for jobs a `recto worker` process runs. */
const processName = (service: ServiceProcess): string => `${os.hostname()}:${service.pid}`;
const noteReference = (index: number): string => `QH${260_000 + index * 41}`;
const noteScan = (index: number): Promise<Buffer> => oneLineScan(`Clinic note ${noteReference(index)}`);
const letterReference = (index: number): string => `KB${731_000 + index * 53}`;
const letterScan = (index: number): Promise<Buffer> => halfPageLetter(`Outpatient letter ${letterReference(index)}`);

describe('a worker process killed in the middle of a page', () => {
  it('has another worker process finish the page and the document, each page read to the end', async () => {
    const service = await createServiceFixture('kill-worker');
    try {
      const [api, ...workers] = await Promise.all([
        service.processes.start('serve', service.env({ OCR_WORKERS: '0' })),
        service.processes.start('worker', service.env({ OCR_WORKERS: '1', ...FAST_RECOVERY })),
        service.processes.start('worker', service.env({ OCR_WORKERS: '1', ...FAST_RECOVERY })),
      ]);
      // A fresh DATA_DIR has API tokens (the fixture's) but no users yet: the first start says how to make the first admin.
      expect(api.output()).toContain('npx recto user add <name> --role admin');
      const fileName = 'fax-g4-2pages.tif';
      const { id } = await uploadScan(service.api(api.url!), readFileSync(path.join(SAMPLES_DIR, fileName)), fileName);

      // Mid-page: a worker process is running tesseract on a page (seconds, for a fax page).
      const [reading] = await waitUntil('a worker process is reading a page', 60_000, async () => {
        const active = await service.jobs.active('ocr');
        return active.length > 0 && active;
      });
      const victim = workers.find((worker) => processName(worker) === reading.processedBy)!;
      const survivor = workers.find((worker) => worker !== victim)!;
      await victim.kill();
      expect((await victim.exited).signal).toBe('SIGKILL');
      // It died before it could store what it read.
      const pageIndex = Number(reading.id.split('.').at(-1));
      expect((await service.storage.metadata.listPages(id))[pageIndex].status).toBe('cleaned');

      const [document] = await service.waitForDone([id], PROCESSING_TIMEOUT_MS);

      // Nothing twice: every job finished once. The page being read, and anything else the
      // dead process held, was started again by the survivor once BullMQ found it stalled.
      await expectRunOnceBarCrashRecovery(service.jobs, [document]);
      expect(document.attempts).toBe(1);
      const restarted = (await service.jobs.ofDocument(id, 2)).filter((job) => job.attemptsStarted > 1);
      expect(restarted.map((job) => job.id)).toContain(reading.id);
      for (const job of restarted) expect(job).toMatchObject({ attemptsStarted: 2, stalledCounter: 1, processedBy: processName(survivor) });

      // Nothing lost: both pages read, each to the text that is on it.
      const truthPages = sampleTruth(fileName).split('\f');
      const pages = await service.storage.metadata.listPages(id);
      expect(pages.map((page) => page.status)).toEqual(['ocr_done', 'ocr_done']);
      for (const page of pages) {
        const ocr = await loadOcrResult(service.storage.blobs, page.ocrKey!);
        expect(characterErrorRate(truthPages[page.index], ocr.text), `page ${page.index}`).toBeLessThanOrEqual(0.03);
      }
      const text = (await service.storage.blobs.get(document.outputs.textKey!)).toString('utf8');
      expect(characterErrorRate(sampleTruth(fileName), text)).toBeLessThanOrEqual(0.02);
      expect(text).toContain('NHS No: 999 660 5450');
    } finally {
      await service.cleanup();
    }
  }, TEST_TIMEOUT_MS);
});

describe('Redis restarted in the middle of a batch', () => {
  const BATCH = 10;
  /**
   * Long enough for every process to lose its connection and retry a few times; shorter than
   * JOB_LOCK_MS (30 s by default). Past that, jobs running during the outage lose their
   * locks and BullMQ hands them out again: still finished once, but run twice.
   */
  const OUTAGE_MS = 4000;

  it('finishes the batch once Redis is back, every job once, and takes uploads made while it was down', async () => {
    const redis = await startRedisServer();
    const service = await createServiceFixture('redis-restart', redis.url);
    try {
      const [api] = await Promise.all([
        service.processes.start('serve', service.env({ OCR_WORKERS: '1' })),
        service.processes.start('worker', service.env({ OCR_WORKERS: '1' })),
      ]);
      const scans = await Promise.all(Array.from({ length: BATCH + 1 }, (_, index) => letterScan(index)));
      const replies = await Promise.all(scans.slice(0, BATCH).map((bytes, index) => uploadScan(service.api(api.url!), bytes, `letter-${index}.png`)));
      expect(replies.map((reply) => reply.status)).toEqual(Array(BATCH).fill(202));

      await waitUntil('the first document is done', PROCESSING_TIMEOUT_MS, async () => (await service.storage.metadata.countByStatus()).done > 0);
      await redis.stop('SIGKILL'); // a crash: with fsync on every write, nothing acknowledged is lost
      // Mid-batch: documents were still being read when it went.
      expect((await service.storage.metadata.countByStatus()).done).toBeLessThan(BATCH);
      // The API says it is not ready…
      await waitUntil('the API reports it is not ready', 10_000, async () => (await fetch(`${api.url}/readyz`)).status === 503);
      // …but an upload made now is stored, and queued and answered when Redis is back.
      const duringOutage = uploadScan(service.api(api.url!), scans[BATCH], `letter-${BATCH}.png`);
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await redis.start();

      const late = await duringOutage;
      expect(late.status).toBe(202);
      const ids = [...replies, late].map((reply) => reply.id);
      const documents = await service.waitForDone(ids, PROCESSING_TIMEOUT_MS);
      expect((await fetch(`${api.url}/readyz`)).status).toBe(200);

      // Nothing lost: each document's text is its own letter's. Nothing twice.
      for (const [index, document] of documents.entries()) {
        const text = (await service.storage.blobs.get(document.outputs.textKey!)).toString('utf8');
        expect(text, document.id).toContain(letterReference(index));
      }
      await expectEachJobRanOnce(service.jobs, documents);
      expect(await service.storage.metadata.countByStatus()).toEqual({ queued: 0, processing: 0, done: BATCH + 1, failed: 0 });
    } finally {
      await service.cleanup();
      await redis.destroy();
    }
  }, TEST_TIMEOUT_MS);

  it('queues waiting documents again when Redis comes back without their jobs', async () => {
    const redis = await startRedisServer();
    const service = await createServiceFixture('redis-lost', redis.url);
    try {
      // API only for now: the uploads wait in Redis, and Redis forgets them.
      const api = await service.processes.start('serve', service.env({ OCR_WORKERS: '0' }));
      const replies = await Promise.all([0, 1, 2].map(async (index) => uploadScan(service.api(api.url!), await noteScan(index), `note-${index}.png`)));
      expect(replies.map((reply) => reply.status)).toEqual([202, 202, 202]);
      await redis.stop('SIGKILL');
      redis.forgetData();
      const restartedAt = Date.now();
      await redis.start();

      await service.processes.start('worker', service.env({ OCR_WORKERS: '1' }));
      const documents = await service.waitForDone(replies.map((reply) => reply.id), PROCESSING_TIMEOUT_MS);
      for (const [index, document] of documents.entries()) {
        expect((await service.storage.blobs.get(document.outputs.textKey!)).toString('utf8')).toContain(noteReference(index));
        // Processed from a job the API added again after the restart, not from the lost one.
        const [split] = await service.jobs.ofDocument(document.id, 0);
        expect(split.addedAt).toBeGreaterThanOrEqual(restartedAt);
      }
      await expectEachJobRanOnce(service.jobs, documents);
    } finally {
      await service.cleanup();
      await redis.destroy();
    }
  }, TEST_TIMEOUT_MS);
});

describe('the API killed while uploads are arriving', () => {
  const UPLOADS = 30;
  const KILL_AFTER = 8;

  it('processes every upload it answered 202 to, and every document it stored, after a restart', async () => {
    const service = await createServiceFixture('kill-api');
    try {
      // The embedded deployment: one `serve` process runs the API and the workers.
      const settings = service.env({ OCR_WORKERS: '1', ...FAST_RECOVERY });
      const first = await service.processes.start('serve', settings);
      const scans = await Promise.all(Array.from({ length: UPLOADS }, (_, index) => noteScan(index)));
      // Each upload takes a little longer than the one before, so they are answered one by one.
      let accepted = 0;
      const outcomes = scans.map((bytes, index) =>
        uploadSlowly(service.api(first.url!), bytes, `note-${index}.png`, 300 + index * 150).then(
          (reply) => {
            if (reply.status === 202) accepted++;
            return reply;
          },
          (error: Error) => error,
        ),
      );
      await waitUntil(`${KILL_AFTER} uploads are accepted`, 60_000, async () => accepted >= KILL_AFTER);
      await first.kill();
      const settled = await Promise.all(outcomes);
      const replies = settled.filter((outcome): outcome is UploadReply => !(outcome instanceof Error));
      // Partway: some uploads were answered 202, the rest broke off with the connection.
      expect(replies.length).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(replies.length).toBeLessThan(UPLOADS);
      expect(replies.every((reply) => reply.status === 202)).toBe(true);

      await service.processes.start('serve', settings);
      // Nothing lost: every 202 is processed, and so is anything else the API had stored.
      const { documents: stored } = await service.storage.metadata.listDocuments({ limit: 500 });
      expect(stored.map((document) => document.id)).toEqual(expect.arrayContaining(replies.map((reply) => reply.id)));
      const documents = await service.waitForDone(
        stored.map((document) => document.id),
        PROCESSING_TIMEOUT_MS,
      );
      for (const document of documents) {
        const index = Number(/note-(\d+)/.exec(document.fileName)![1]);
        const text = (await service.storage.blobs.get(document.outputs.textKey!)).toString('utf8');
        expect(text, document.fileName).toContain(noteReference(index));
      }
      // Nothing twice (but what the killed process was running, which ran again).
      await expectRunOnceBarCrashRecovery(service.jobs, documents);
    } finally {
      await service.cleanup();
    }
  }, TEST_TIMEOUT_MS);

  it('queues a document stored while Redis was unreachable when the API comes back, though its upload got no answer', async () => {
    const redis = await startRedisServer();
    const service = await createServiceFixture('stranded', redis.url);
    try {
      const apiSettings = service.env({ OCR_WORKERS: '0' });
      const [api] = await Promise.all([
        service.processes.start('serve', apiSettings),
        service.processes.start('worker', service.env({ OCR_WORKERS: '1' })),
      ]);
      await redis.stop();
      // Stored (a document, queued), but its job cannot reach Redis: the upload waits for it…
      const upload = uploadScan(service.api(api.url!), await noteScan(0), 'note-0.png').catch((error: Error) => error);
      const [stranded] = await waitUntil('the upload is stored', 30_000, async () => {
        const { documents } = await service.storage.metadata.listDocuments({ limit: 10, status: 'queued' });
        return documents.length > 0 && documents;
      });
      // …and the API dies before it can queue it or answer.
      await api.kill();
      expect(await upload).toBeInstanceOf(Error);
      await redis.start();
      const [split] = await service.jobs.ofDocument(stranded.id, 0);
      expect(split.state).toBe('missing');

      await service.processes.start('serve', apiSettings);
      const [document] = await service.waitForDone([stranded.id], PROCESSING_TIMEOUT_MS);
      expect((await service.storage.blobs.get(document.outputs.textKey!)).toString('utf8')).toContain(noteReference(0));
      await expectEachJobRanOnce(service.jobs, [document]);
    } finally {
      await service.cleanup();
      await redis.destroy();
    }
  }, TEST_TIMEOUT_MS);
});

describe('the recto launcher killed with SIGKILL', () => {
  // On Linux `recto` runs itself again as a child with MALLOC_ARENA_MAX set. Killing the pid a
  // supervisor knows must not leave that child working on as an orphan.
  it.runIf(process.platform === 'linux')('takes the Recto process it started down with it', async () => {
    const service = await createServiceFixture('launcher');
    try {
      const launcher = await service.processes.start('worker', service.env({ OCR_WORKERS: '1' }), { viaLauncher: true });
      const [recto] = childProcessesOf(launcher.pid);
      expect(isRunning(recto)).toBe(true);
      await launcher.kill();
      await waitUntil(`the Recto process (pid ${recto}) has gone`, 10_000, async () => !isRunning(recto));
    } finally {
      await service.cleanup();
    }
  });
});
