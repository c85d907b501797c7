import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportStaleDocuments, STALE_DOCUMENT_PREFIX } from '../../src/service/stale-documents.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';

/**
 * Stale documents (queued or processing, no progress for longer than the threshold) on
 * /metrics and in the alert lines, over real storage, a real API and real Redis. The documents
 * are made in storage without jobs, so nothing moves them but the test.
 */

const STALE_AFTER_MS = 800;
let harness: QueueHarness;
let storage: Storage;
let api: TestApi;

beforeAll(async () => {
  harness = await startQueueHarness('stale', createFakeOcrEngine());
  storage = harness.storage;
  api = await startTestApi(harness, { maxUploadBytes: 1e6, staleAfterMs: STALE_AFTER_MS });
});

afterAll(async () => {
  await api.app.close();
  await harness.stop();
});

async function storedDocument(label: string): Promise<string> {
  const blob = await storage.blobs.putBuffer(Buffer.from(`stale test ${label} ${Math.random()}`));
  const { document } = await storage.metadata.createDocumentIfAbsent({ sha256: blob.sha256, originalKey: blob.key, fileName: `${label}.png`, sizeBytes: blob.sizeBytes, format: 'png' });
  return document.id;
}

async function staleGauge(): Promise<Record<string, number>> {
  const text = await (await apiFetch(api.as('admin'), '/metrics')).text();
  const values: Record<string, number> = {};
  for (const match of text.matchAll(/^recto_documents_stale\{status="(\w+)"\} (\d+)$/gm)) values[match[1]] = Number(match[2]);
  return values;
}

describe('stale documents', () => {
  it('counts and reports queued and processing documents without progress, not moving, finished or failed ones', async () => {
    const stuckQueued = await storedDocument('stuck-queued');
    const stuckProcessing = await storedDocument('stuck-processing');
    await storage.metadata.updateDocument(stuckProcessing, { status: 'processing' });
    const slowButMoving = await storedDocument('slow-but-moving');
    await storage.metadata.updateDocument(slowButMoving, { status: 'processing' });
    const failed = await storedDocument('failed');
    await storage.metadata.updateDocument(failed, { status: 'failed' });
    const fresh = async () => storedDocument('fresh');

    expect(await staleGauge()).toEqual({ queued: 0, processing: 0 });
    await sleep(STALE_AFTER_MS + 200);
    // A page read just now is progress, though the document row itself is old.
    await storage.metadata.upsertPage(slowButMoving, 0, { status: 'cleaned' });
    const justUploaded = await fresh();

    expect(await staleGauge()).toEqual({ queued: 1, processing: 1 });
    const lines: string[] = [];
    const total = await reportStaleDocuments(storage, STALE_AFTER_MS, new Date(), (line) => lines.push(line));
    expect(total).toBe(2);
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.startsWith(`${STALE_DOCUMENT_PREFIX} id=`) && line.endsWith('\n'))).toBe(true);
    // Longest without progress first.
    expect(lines[0]).toContain(`id=${stuckQueued} status=queued attempts=0 idle_minutes=0`);
    expect(lines[1]).toContain(`id=${stuckProcessing} status=processing attempts=1`);
    for (const id of [slowButMoving, failed, justUploaded]) expect(lines.join('')).not.toContain(id);

    // Once it moves on, it is no longer stale.
    await storage.metadata.updateDocument(stuckProcessing, { status: 'failed' });
    expect(await staleGauge()).toEqual({ queued: 1, processing: 0 });
  });

  it('caps the lines of one check and says how many more there are', async () => {
    const { count } = await storage.metadata.listStaleDocuments(new Date(Date.now() + 60_000), 0);
    const already = count.queued + count.processing;
    for (let index = 0; index < 25 - already; index++) await storedDocument(`many-${index}`);
    const lines: string[] = [];
    // "now" a minute ahead: everything unfinished is over the threshold.
    const total = await reportStaleDocuments(storage, STALE_AFTER_MS, new Date(Date.now() + 60_000), (line) => lines.push(line));
    expect(total).toBe(25);
    expect(lines).toHaveLength(21);
    expect(lines[20]).toMatch(new RegExp(`^${STALE_DOCUMENT_PREFIX} summary total=25 queued=\\d+ processing=\\d+ \\(5 more not listed\\)\\n$`));
  });
});
