import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds } from '../../queues/names.ts';
import { parseScanOptions } from '../../src/core/config.ts';
import type { Sidecar } from '../../src/core/sidecar.ts';
import { scanDocument } from '../../src/runners/scan-document.ts';
import { detectInputFormat } from '../../src/stages/split/detect-type.ts';
import type { DocumentRecord, Storage } from '../../src/storage/storage.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';

/** The queue runner on a real Redis: split → clean → OCR → assemble, with real storage. */

const engine = createFakeOcrEngine();
let harness: QueueHarness;
let storage: Storage;
let queue: QueueHarness['queue'];

async function submit(fileName: string, bytes: Buffer): Promise<DocumentRecord> {
  const blob = await storage.blobs.putBuffer(bytes);
  const { document } = await storage.metadata.createDocumentIfAbsent({
    sha256: blob.sha256,
    originalKey: blob.key,
    fileName,
    sizeBytes: blob.sizeBytes,
    format: detectInputFormat(bytes, fileName),
  });
  await queue.enqueue(document.id, 1);
  return document;
}

async function settled(id: string, timeoutMs = 90_000): Promise<DocumentRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const document = await storage.metadata.getDocument(id);
    if (document && (document.status === 'done' || document.status === 'failed')) return document;
    if (Date.now() > deadline) throw new Error(`document ${id} still ${document?.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  harness = await startQueueHarness('queue', engine);
  ({ storage, queue } = harness);
});
afterAll(() => harness.stop());

describe('queue runner', () => {
  it('processes a 2-page fax through every stage and stores the outputs', async () => {
    const bytes = readFileSync(path.join(SAMPLES_DIR, 'fax-g4-2pages.tif'));
    const document = await settled((await submit('fax-g4-2pages.tif', bytes)).id);
    expect(document.status).toBe('done');
    expect(document.pageCount).toBe(2);
    const pages = await storage.metadata.listPages(document.id);
    expect(pages.map((page) => page.status)).toEqual(['ocr_done', 'ocr_done']);
    const pdf = await storage.blobs.get(document.outputs.pdfKey!);
    expect(pdf.subarray(0, 8).toString()).toBe('%PDF-1.7');
    const sidecar = JSON.parse((await storage.blobs.get(document.outputs.sidecarKey!)).toString()) as Sidecar;
    expect(sidecar.source.sha256).toBe(document.sha256);
    expect(sidecar.pages).toHaveLength(2);

    // The same stage functions as `recto scan`: the same text and words.
    const local = await scanDocument(
      { fileName: 'fax-g4-2pages.tif', data: bytes, stem: 'fax-g4-2pages' },
      { engine, options: parseScanOptions({ outDir: harness.dataDir, workers: 1 }), limitPage: pLimit(1) },
    );
    expect((await storage.blobs.get(document.outputs.textKey!)).toString()).toBe(local.text);
    expect(sidecar.pages.map((page) => page.words)).toEqual(local.sidecar.pages.map((page) => page.words));
    expect(sidecar.pages.map((page) => page.corrections)).toEqual(local.sidecar.pages.map((page) => page.corrections));
  });

  it('fails bad input at once with its typed error, without retrying', async () => {
    const truncated = readFileSync(path.join(import.meta.dirname, '../bad-input/truncated.png'));
    const document = await settled((await submit('truncated.png', truncated)).id);
    expect(document.status).toBe('failed');
    expect(document.error?.code).toBe('CORRUPT_IMAGE');
    const splitQueue = new Queue(harness.names.split, { connection: harness.connection, prefix: harness.names.prefix });
    const job = await splitQueue.getJob(jobIds.split(document.id, 1));
    expect(job?.attemptsMade).toBe(1);
    await splitQueue.close();
  });

  it('does no duplicate work when the same document is queued twice', async () => {
    const bytes = readFileSync(path.join(SAMPLES_DIR, 'clean-letter.png'));
    const first = await submit('clean-letter.png', bytes);
    const again = await submit('clean-letter.png', bytes);
    expect(again.id).toBe(first.id);
    const callsBefore = engine.calls;
    expect((await settled(first.id)).status).toBe('done');
    expect(engine.calls - callsBefore).toBe(1);
  });
});
