import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../../src/core/sidecar.ts';
import type { OcrEngine } from '../../src/engines/ocr-engine.ts';
import { createTesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR, sampleFiles } from '../support/samples.ts';
import { type SamplesOcr, samplesOcr } from '../support/samples-ocr.ts';
import { uploadScan, waitForDocumentStatus } from '../support/service-client.ts';
import { apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';

/**
 * Every sample through the HTTP API and the queue with real OCR: each completes, and its text
 * and sidecar words are exactly what `recto scan` makes of the same file (the run's shared scan
 * of the samples, support/samples-ocr.ts).
 */

let engine: OcrEngine;
let harness: QueueHarness;
let api: TestApi;
let scanned: SamplesOcr;

beforeAll(async () => {
  scanned = await samplesOcr();
}, 600_000);

beforeAll(async () => {
  engine = await createTesseractEngine({ workers: 2 });
  harness = await startQueueHarness('samples', engine);
  api = await startTestApi(harness, { maxUploadBytes: 50 * 1024 * 1024 });
}, 120_000);

afterAll(async () => {
  await api?.app.close();
  await harness?.stop();
  await engine?.close();
});

async function upload(fileName: string): Promise<string> {
  const reply = await uploadScan(api.as('records'), readFileSync(path.join(SAMPLES_DIR, fileName)), fileName, { source: 'samples test' });
  expect(reply.status).toBe(202);
  return reply.id;
}

describe('every sample through the API', () => {
  it('completes, with the same text and words as recto scan', async () => {
    const files = sampleFiles();
    const ids = await Promise.all(files.map(upload));
    const documents = await Promise.all(ids.map((id) => waitForDocumentStatus(api.as('all'), id, ['done', 'failed'], 8 * 60_000)));
    expect(documents.map((document) => document.status)).toEqual(files.map(() => 'done'));

    for (const [index, fileName] of files.entries()) {
      const local = { text: scanned.text(fileName), sidecar: scanned.sidecar(fileName) };
      const text = await (await apiFetch(api.as('all'), `/v1/documents/${ids[index]}/text`)).text();
      const sidecar = (await (await apiFetch(api.as('all'), `/v1/documents/${ids[index]}/json`)).json()) as Sidecar;
      expect(text, fileName).toBe(local.text);
      expect(documents[index].pageCount, fileName).toBe(local.sidecar.pages.length);
      expect(sidecar.pages.map((page) => page.words), fileName).toEqual(local.sidecar.pages.map((page) => page.words));
      expect(sidecar.pages.map((page) => page.corrections), fileName).toEqual(local.sidecar.pages.map((page) => page.corrections));
    }
  }, 15 * 60_000);
});
