import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds } from '../../queues/names.ts';
import { requeueStranded } from '../../src/service/requeue-stranded.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';
import { uploadScan, waitForDocumentStatus, waitUntil } from '../support/service-client.ts';

/**
 * Documents left `processing` whose jobs Redis lost are queued again (what `recto serve` runs at
 * start and on every Redis reconnect), and ones whose jobs Redis still has are left alone.
 * Real API, real Redis, stage workers in this process (OCR faked).
 */

let harness: QueueHarness;
let api: TestApi;
let splitQueue: Queue;
let cleanQueue: Queue;
let assembleQueue: Queue;

beforeAll(async () => {
  harness = await startQueueHarness('requeue', createFakeOcrEngine());
  api = await startTestApi(harness, { maxUploadBytes: 20e6 });
  const open = (name: string) => new Queue(name, { connection: harness.connection, prefix: harness.names.prefix });
  [splitQueue, cleanQueue, assembleQueue] = [open(harness.names.split), open(harness.names.clean), open(harness.names.assemble)];
});

afterAll(async () => {
  await api.app.close();
  await Promise.all([splitQueue.close(), cleanQueue.close(), assembleQueue.close()]);
  await harness.stop();
});

const sample = (name: string) => readFileSync(path.join(SAMPLES_DIR, name));
const state = async (queue: Queue, jobId: string) => queue.getJobState(jobId);

describe('requeueStranded with processing documents', () => {
  it('queues again those whose jobs are gone, leaves the one whose job is there, and all finish on their first attempt', async () => {
    const { metadata } = harness.storage;

    // C: split ran (processing, its page flow added), then Redis lost the flow. Clean is paused
    // so the flow is still waiting when its jobs are deleted.
    await cleanQueue.pause();
    const c = await uploadScan(api.as('records'), sample('fax-g4-2pages.tif'), 'c.tif');
    const assembleOfC = jobIds.assemble(c.id, 1);
    await waitUntil('C is split and its flow waits for its pages', 30_000, async () =>
      (await state(splitQueue, jobIds.split(c.id, 1))) === 'completed' && (await state(assembleQueue, assembleOfC)) === 'waiting-children',
    );
    await assembleQueue.remove(assembleOfC, { removeChildren: true });
    expect(await state(assembleQueue, assembleOfC)).toBe('unknown');
    expect(await state(cleanQueue, jobIds.clean(c.id, 1, 0))).toBe('unknown');

    // A and B: moved to processing by their split (as a worker does) while splits are paused.
    await splitQueue.pause();
    const a = await uploadScan(api.as('records'), sample('upside-down.png'), 'a.png');
    const b = await uploadScan(api.as('records'), sample('rotated-90.png'), 'b.png');
    for (const { id } of [a, b]) await metadata.updateDocument(id, { status: 'processing' });
    // A's job is lost; B's is still in Redis, as if a worker were about to take it.
    await splitQueue.remove(jobIds.split(a.id, 1));
    const bJob = await Job.fromId(splitQueue, jobIds.split(b.id, 1));
    expect(bJob).toBeDefined();
    for (const { id } of [a, b, c]) expect((await metadata.getDocument(id))?.status).toBe('processing');

    const before = Date.now();
    const requeued = await requeueStranded(harness.storage, harness.queue);
    expect(requeued.sort()).toEqual([a.id, c.id].sort());

    // B untouched: the same job, added when it was uploaded, and nothing else for it.
    const bAfter = await Job.fromId(splitQueue, jobIds.split(b.id, 1));
    expect(bAfter?.timestamp).toBe(bJob!.timestamp);
    expect(bAfter!.timestamp).toBeLessThan(before);
    expect(await state(splitQueue, jobIds.split(b.id, 2))).toBe('unknown');
    // A and C: the same attempt's split queued again (not a new attempt).
    for (const { id } of [a, c]) {
      const job = await Job.fromId(splitQueue, jobIds.split(id, 1));
      expect(job?.timestamp).toBeGreaterThanOrEqual(before);
      expect(await state(splitQueue, jobIds.split(id, 2))).toBe('unknown');
    }
    // Asking again while their jobs are there changes nothing.
    expect(await requeueStranded(harness.storage, harness.queue)).toEqual([]);

    await splitQueue.resume();
    await cleanQueue.resume();
    for (const { id } of [a, b, c]) {
      const document = await waitForDocumentStatus(api.as('all'), id, ['done', 'failed'], 60_000);
      expect(document, id).toMatchObject({ status: 'done', attempts: 1 });
    }
    const pagesOfC = await metadata.listPages(c.id);
    expect(pagesOfC.map((page) => page.status)).toEqual(['ocr_done', 'ocr_done']);
  }, 120_000);
});
