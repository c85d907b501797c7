import { readdirSync, readFileSync } from 'node:fs';
import { apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStageQueues, openStageQueues } from '../../queues/stage-queues.ts';
import { parseScanOptions } from '../../src/core/config.ts';
import { scanDocument } from '../../src/runners/scan-document.ts';
import type { DocumentRecord } from '../../src/storage/storage.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type Measured, measure, thrownBy } from '../support/peak-memory.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';

/**
 * Hostile files (small on disk, enormous in work) are refused early and cheaply, by every way
 * in: `recto scan`, the queue's split stage, and the HTTP upload. Each refusal must come within
 * 5 s with the process (pdf.js thread included) under 500 MB; the figures are printed.
 */

const CORPUS = path.join(import.meta.dirname, '../bad-input');
const SECONDS_LIMIT = 5;
const MEMORY_LIMIT_MB = 500;

interface Bomb {
  fileName: string;
  code: string;
  /** Where the queue refuses it: at split (structure), or when its page is rendered (clean). */
  refusedBy: 'split' | 'render';
}

const BOMBS: Bomb[] = [
  { fileName: 'page-tree-bomb-100000-pages.pdf', code: 'TOO_MANY_PAGES', refusedBy: 'split' },
  // Before the guarded walk, pdf-lib never finished the first and overflowed its stack on the second.
  { fileName: 'page-tree-chain-2-to-the-40-pages.pdf', code: 'TOO_MANY_PAGES', refusedBy: 'split' },
  { fileName: 'page-tree-loop.pdf', code: 'TOO_MANY_PAGES', refusedBy: 'split' },
  { fileName: 'tiff-5000-pages.tif', code: 'TOO_MANY_PAGES', refusedBy: 'split' },
  { fileName: 'pdf-image-bomb-12000x12000.pdf', code: 'IMAGE_TOO_LARGE', refusedBy: 'split' },
  { fileName: 'pdf-image-bomb-in-form-12000x12000.pdf', code: 'IMAGE_TOO_LARGE', refusedBy: 'render' },
];

const figures: string[] = [];
function record(path: string, fileName: string, measured: Measured<unknown>): void {
  figures.push(
    `${path.padEnd(13)} ${fileName.padEnd(40)} ${measured.seconds.toFixed(2).padStart(5)} s  peak RSS ${measured.peakRssMb.toFixed(0).padStart(4)} MB  process max RSS ${measured.processMaxRssMb.toFixed(0).padStart(4)} MB`,
  );
  expect(measured.seconds, `${fileName} took too long`).toBeLessThan(SECONDS_LIMIT);
  expect(measured.peakRssMb, `${fileName} used too much memory`).toBeLessThan(MEMORY_LIMIT_MB);
  expect(measured.processMaxRssMb, `${fileName}: the process's peak`).toBeLessThan(MEMORY_LIMIT_MB);
}
afterAll(() => console.log(`hostile files refused:\n${figures.join('\n')}`));

const bytesOf = (fileName: string): Buffer => readFileSync(path.join(CORPUS, fileName));

describe('recto scan refuses each bomb before any page is processed', () => {
  const options = parseScanOptions({ outDir: os.tmpdir(), workers: 1 });
  for (const { fileName, code } of BOMBS) {
    it(`${fileName} → ${code}`, async () => {
      const engine = createFakeOcrEngine();
      const data = bytesOf(fileName);
      const measured = await measure(() => scanDocument({ fileName, data, stem: 'x' }, { engine, options, limitPage: pLimit(2) }));
      const error = thrownBy(measured);
      expect(error?.code).toBe(code);
      expect(error?.retryable).toBe(false);
      expect(engine.calls).toBe(0);
      record('recto scan', fileName, measured);
    });
  }
});

describe('through the queue and the HTTP API (real Redis, real loopback server)', () => {
  let harness: QueueHarness;
  let api: TestApi;

  beforeAll(async () => {
    harness = await startQueueHarness('hostile', createFakeOcrEngine());
    api = await startTestApi(harness, { maxUploadBytes: 5 * 1024 * 1024 });
  });
  afterAll(async () => {
    await api?.app.close();
    await harness?.stop();
  });

  async function settled(id: string): Promise<DocumentRecord> {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
      const document = await harness.storage.metadata.getDocument(id);
      if (document?.status === 'failed' || document?.status === 'done') return document;
    }
    throw new Error(`document ${id} did not settle`);
  }

  async function jobsQueuedAfterSplit(): Promise<number> {
    const queues = openStageQueues(harness.connection, harness.names);
    try {
      const counts = await Promise.all([queues.clean, queues.ocr, queues.assemble].map((queue) => queue.getJobCountByTypes('waiting', 'active', 'delayed', 'waiting-children', 'completed', 'failed', 'prioritized')));
      return counts.reduce((sum, count) => sum + count, 0);
    } finally {
      await closeStageQueues(queues);
    }
  }

  const blobFiles = (): string[] =>
    readdirSync(path.join(harness.dataDir, 'blobs'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);

  function upload(fileName: string): Promise<Response> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytesOf(fileName))]), fileName);
    return apiFetch(api.as('records'), '/v1/documents', { method: 'POST', body: form });
  }

  for (const { fileName, code } of BOMBS.filter((bomb) => bomb.refusedBy === 'split')) {
    it(`POST /v1/documents answers ${fileName} with 422 ${code} at once, keeping nothing`, async () => {
      const before = { blobs: blobFiles().sort(), documents: (await harness.storage.metadata.listDocuments({ limit: 500 })).documents.length };
      const measured = await measure(async () => {
        const response = await upload(fileName);
        return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
      });
      const answer = 'value' in measured.outcome ? measured.outcome.value : undefined;
      expect(answer?.status).toBe(422);
      expect(answer?.type).toMatch(/^application\/problem\+json/);
      expect(answer?.body).toMatchObject({ code, retryable: false, status: 422 });
      expect(String(answer?.body.detail)).toContain(fileName);
      expect(String(answer?.body.hint).length).toBeGreaterThan(20);
      expect(blobFiles().sort()).toEqual(before.blobs);
      expect((await harness.storage.metadata.listDocuments({ limit: 500 })).documents.length).toBe(before.documents);
      record('HTTP upload', fileName, measured);
    });
  }
  for (const { fileName, code } of BOMBS.filter((bomb) => bomb.refusedBy === 'split')) {
    it(`the split stage refuses ${fileName} (${code}) before any page is queued`, async () => {
      // Stored and queued directly, as a document accepted before the limit existed would be.
      const stored = await harness.storage.blobs.putBuffer(bytesOf(fileName));
      const format = fileName.endsWith('.tif') ? 'tiff' : 'pdf';
      const { document } = await harness.storage.metadata.createDocumentIfAbsent({ ...stored, originalKey: stored.key, fileName, format });
      const measured = await measure(async () => {
        await harness.queue.enqueue(document.id, 1);
        return settled(document.id);
      });
      const outcome = 'value' in measured.outcome ? measured.outcome.value : undefined;
      expect(outcome).toMatchObject({ status: 'failed', pageCount: null, error: { code, retryable: false } });
      expect(await harness.storage.metadata.listPages(document.id)).toEqual([]);
      // Nothing queued after split, for this bomb or any refused before it (the uploads above included).
      expect(await jobsQueuedAfterSplit()).toBe(0);
      record('queue split', fileName, measured);
    });
  }

  it('the clean stage refuses a page whose image only the renderer finds (IMAGE_TOO_LARGE), and the document fails', async () => {
    const fileName = 'pdf-image-bomb-in-form-12000x12000.pdf';
    const measured = await measure(async () => {
      const response = await upload(fileName);
      expect(response.status).toBe(202);
      return settled(((await response.json()) as { id: string }).id);
    });
    const outcome = 'value' in measured.outcome ? measured.outcome.value : undefined;
    expect(outcome).toMatchObject({ status: 'failed', pageCount: 1, error: { code: 'IMAGE_TOO_LARGE', retryable: false } });
    record('upload+queue', fileName, measured);
  });

});
