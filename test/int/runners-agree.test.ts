import { readFileSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScanOptions, type ScanOptionsInput } from '../../src/core/config.ts';
import { type Sidecar, SidecarSchema } from '../../src/core/sidecar.ts';
import type { OcrEngine } from '../../src/engines/ocr-engine.ts';
import { createTesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { scanDocument } from '../../src/runners/scan-document.ts';
import { detectInputFormat } from '../../src/stages/split/detect-type.ts';
import type { DocumentRecord } from '../../src/storage/storage.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { waitForDone } from '../support/service-client.ts';

/**
 * One pipeline, two runners: a scan through `recto scan`'s runner (scanDocument, in process)
 * and through the queue runner (real Redis under a random prefix, the stage workers in this
 * process, real storage) makes the same sidecar, compared field by field, extracted fields
 * included. Real OCR (tesseract.js, one pool shared by both runners).
 *
 * Left out of the comparison, because they describe the run and not the document:
 */
const RUN_SPECIFIC = {
  /** createdAt: when the runner received the file (recto scan: the scan started; service: the upload). timingsMs: measured. */
  sidecar: ['createdAt', 'timingsMs'],
  /** Each page's clean and OCR times. */
  page: ['timingsMs'],
  /**
   * The PDF's size: the PDF carries createdAt in its metadata, in a compressed stream, so two
   * runs of the same scan can differ by a byte or two. Compared as close, not equal.
   */
  output: ['pdfSizeBytes', 'sizeRatio'],
} as const;

/** How far apart the two PDFs' sizes may be: a few bytes of compressed date, never a page's worth. */
const PDF_SIZE_SLACK_BYTES = 64;

let engine: OcrEngine;
const harnesses: QueueHarness[] = [];

beforeAll(async () => {
  engine = await createTesseractEngine({ workers: 2 });
});
afterAll(async () => {
  for (const harness of harnesses) await harness.stop();
  await engine?.close();
});

/** The service's runner, with the pipeline settings read from `env` as `recto serve` reads them. */
async function queueRunner(env: NodeJS.ProcessEnv = {}): Promise<QueueHarness> {
  const harness = await startQueueHarness('runners', engine, { env });
  harnesses.push(harness);
  return harness;
}

async function throughQueue(harness: QueueHarness, fileName: string): Promise<{ document: DocumentRecord; sidecar: Sidecar; text: string }> {
  const bytes = readFileSync(path.join(SAMPLES_DIR, fileName));
  const blob = await harness.storage.blobs.putBuffer(bytes);
  const { document: created } = await harness.storage.metadata.createDocumentIfAbsent({
    sha256: blob.sha256,
    originalKey: blob.key,
    fileName,
    sizeBytes: blob.sizeBytes,
    format: detectInputFormat(bytes, fileName),
  });
  await harness.queue.enqueue(created.id, 1);
  const [document] = await waitForDone(harness.storage, [created.id], 120_000);
  const read = async (key: string | null) => (await harness.storage.blobs.get(key!)).toString('utf8');
  return { document, sidecar: JSON.parse(await read(document.outputs.sidecarKey)), text: await read(document.outputs.textKey) };
}

/** `recto scan`'s runner, with its options parsed as the CLI parses its flags. */
function throughScan(fileName: string, flags: Omit<ScanOptionsInput, 'outDir'> = {}) {
  const data = readFileSync(path.join(SAMPLES_DIR, fileName));
  const options = parseScanOptions({ outDir: 'unused', workers: 2, ...flags });
  return scanDocument({ fileName, data, stem: path.parse(fileName).name }, { engine, options, limitPage: pLimit(2) });
}

/** Every field but the run-specific ones, one expectation each, so a difference names its field. */
function expectSameDocument(queued: Sidecar, local: Sidecar): void {
  expect(Object.keys(queued).sort()).toEqual(Object.keys(local).sort());
  for (const key of Object.keys(local) as Array<keyof Sidecar>) {
    if ((RUN_SPECIFIC.sidecar as readonly string[]).includes(key)) continue;
    if (key === 'output') {
      const { pdfSizeBytes: queuedSize, sizeRatio: queuedRatio, ...queuedRest } = queued.output;
      const { pdfSizeBytes: localSize, sizeRatio: localRatio, ...localRest } = local.output;
      expect(queuedRest, key).toEqual(localRest);
      expect(Math.abs(queuedSize - localSize), 'output.pdfSizeBytes').toBeLessThanOrEqual(PDF_SIZE_SLACK_BYTES);
      expect(Math.abs(queuedRatio - localRatio), 'output.sizeRatio').toBeLessThanOrEqual(0.001);
      continue;
    }
    if (key !== 'pages') {
      expect(queued[key], key).toEqual(local[key]);
      continue;
    }
    expect(queued.pages.length).toBe(local.pages.length);
    local.pages.forEach((page, index) => {
      for (const pageKey of Object.keys(page) as Array<keyof typeof page>) {
        if ((RUN_SPECIFIC.page as readonly string[]).includes(pageKey)) continue;
        expect(queued.pages[index][pageKey], `pages[${index}].${pageKey}`).toEqual(page[pageKey]);
      }
    });
  }
  // The run-specific values are there in both, with the same keys.
  expect(Object.keys(queued.timingsMs).sort()).toEqual(Object.keys(local.timingsMs).sort());
}

describe('the same scan through both runners', () => {
  it('gives the same sidecar, field by field, extracted fields included, and the same text', async () => {
    const fileName = 'fields-discharge-mother-baby-2pages.pdf';
    const [queued, local] = await Promise.all([queueRunner().then((harness) => throughQueue(harness, fileName)), throughScan(fileName)]);

    // Both are what the published schema describes.
    expect(SidecarSchema.parse(queued.sidecar)).toEqual(queued.sidecar);
    expect(SidecarSchema.parse(JSON.parse(JSON.stringify(local.sidecar)))).toBeTruthy();
    expectSameDocument(queued.sidecar, JSON.parse(JSON.stringify(local.sidecar)));
    expect(queued.text).toBe(local.text);

    // The fields are the document's, in both: the baby's number, the mother's kept apart as hers.
    const { fields } = queued.sidecar;
    expect(fields.nhsNumbers.map((found) => found.value)).toEqual(['9996324834']);
    expect(fields.otherPersonsNhsNumbers?.map(({ value, who }) => ({ value, who }))).toEqual([{ value: '9998713064', who: 'mother' }]);
    expect(fields.documentType.key).toBe('discharge-summary');

    // The service's split time is the split worker's, stored on the document, no longer 0.
    expect(queued.document.timingsMs.splitMs).toEqual(expect.any(Number));
    expect(queued.sidecar.timingsMs.split).toBe(queued.document.timingsMs.splitMs);
    expect(queued.sidecar.timingsMs.split).toBeGreaterThan(0);
  });

  it('drops blank pages in both when the service is told DROP_BLANK=true and recto scan --drop-blank', async () => {
    const fileName = 'blank-page.png';
    const [queued, local] = await Promise.all([
      queueRunner({ DROP_BLANK: 'true' }).then((harness) => throughQueue(harness, fileName)),
      throughScan(fileName, { dropBlank: true }),
    ]);
    expectSameDocument(queued.sidecar, JSON.parse(JSON.stringify(local.sidecar)));
    expect(queued.sidecar.pages[0]).toMatchObject({ blank: true, dropped: true });
    expect(queued.sidecar.output.pdf).toBeNull();
    expect(queued.document.outputs.pdfKey).toBeNull();
  });
});
