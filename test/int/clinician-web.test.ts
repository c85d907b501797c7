import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrEngine } from '../../src/engines/ocr-engine.ts';
import { pageSizesOf } from '../../src/storage/page-image.ts';
import { layOut } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone, waitUntil } from '../support/service-client.ts';
import { type ApiTarget, apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';
import { halfPageLetter } from '../support/text-image.ts';

/**
 * The clinician's pages over the real API, queue and storage: a letter is captured with OCR
 * faked as a sample's text plus a line holding a word only it has, filed against the trust's CSV
 * patient index, then found, opened and read as a clinician would.
 */

const ARTIFACTS = path.join(import.meta.dirname, '../../.test-artifacts/clinician-web');
const SAMPLE = 'fields-clinic-letter-phone-fax';
const MARCHETTI = '9993048143';
const ONLY_HERE = 'zephyrine';
const EXTRA = `Sputum culture for ${ONLY_HERE} awaited.`;

let configDir: string;
let harness: QueueHarness;
let api: TestApi;
let clinician: ApiTarget;
let documentId: string;
const pageText = readFileSync(path.join(SAMPLES_DIR, 'expected', `${SAMPLE}.txt`), 'utf8').split('\n').filter((line) => line.trim()).concat(EXTRA);
const engine: OcrEngine = { name: 'fake', version: 'fake-ocr 1', recognize: async () => layOut(pageText), close: async () => undefined };

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  configDir = mkdtempSync(path.join(os.tmpdir(), 'recto-clinician-'));
  copyFileSync(path.join(SAMPLES_DIR, 'trust', 'patient-index.example.csv'), path.join(configDir, 'patients.csv'));
  const example = JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'trust', 'trust-config.example.json'), 'utf8'));
  writeFileSync(
    path.join(configDir, 'trust.json'),
    JSON.stringify({
      custodianOds: example.custodianOds,
      extraction: example.extraction,
      patientIndex: { type: 'csv', path: 'patients.csv' },
      sinks: [{ name: 'drop', type: 'file-drop', folder: path.join(configDir, 'drop') }],
      routing: [{ sink: 'drop', documentTypes: ['*'] }],
    }),
  );
  harness = await startQueueHarness('clinician-web', engine, { trustConfig: path.join(configDir, 'trust.json') });
  api = await startTestApi(harness, { review: harness.review, filing: harness.filing });
  clinician = await api.user('dr.marsh', ['clinician']);
  documentId = await uploadUntilDone(api.as('records'), await halfPageLetter('Clinic letter'), 'clinic <letter>.png');
  await waitUntil(`${documentId} is filed`, 60_000, async () => (await harness.storage.metadata.getDocument(documentId))?.filing?.status === 'filed');
}, 240_000);

afterAll(async () => {
  await api?.app.close();
  await harness?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

describe('page images', () => {
  it('answers a page as WebP at screen width, or as a thumbnail, audited against the filed patient', async () => {
    const [size] = [...(await pageSizesOf(harness.storage, documentId, [0])).values()];
    const whole = await apiFetch(clinician, `/v1/documents/${documentId}/pages/0/image`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/webp');
    expect(whole.headers.get('cache-control')).toContain('no-store');
    const wholeMeta = await sharp(Buffer.from(await whole.arrayBuffer())).metadata();
    expect(wholeMeta.format).toBe('webp');
    expect(wholeMeta.width).toBe(Math.min(size.width, 1600));
    const thumb = await apiFetch(clinician, `/v1/documents/${documentId}/pages/0/image?width=200`);
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(200);

    expect((await apiFetch(clinician, `/v1/documents/${documentId}/pages/0/image?width=5000`)).status).toBe(400);
    expect((await apiFetch(clinician, `/v1/documents/${documentId}/pages/7/image`)).status).toBe(409);
    expect((await apiFetch(clinician, '/v1/documents/doc_none/pages/0/image')).status).toBe(404);
    expect((await apiFetch(api.as('records'), `/v1/documents/${documentId}/pages/0/image`)).status).toBe(403);

    const viewers = await harness.storage.audit.viewersOfPatient(MARCHETTI);
    expect(viewers.some((view) => view.actor.includes('dr.marsh') && view.action === 'document.page.viewed' && view.subjectId === documentId)).toBe(true);
  });
});
