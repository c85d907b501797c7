import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/storage.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { waitForDocumentStatus } from '../support/service-client.ts';
import { apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';

/** The HTTP API on a real loopback server, real Redis, real storage; OCR faked for speed. */

const MAX_UPLOAD = 3 * 1024 * 1024;
let harness: QueueHarness;
let storage: Storage;
let api: TestApi;

function upload(bytes: Buffer, fileName: string, fields: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  return apiFetch(api.as('records'), '/v1/documents', { method: 'POST', body: form });
}

const waitForStatus = (id: string, wanted: string[]) => waitForDocumentStatus(api.as('all'), id, wanted);

beforeAll(async () => {
  harness = await startQueueHarness('api', createFakeOcrEngine());
  storage = harness.storage;
  api = await startTestApi(harness, { maxUploadBytes: MAX_UPLOAD });
});

afterAll(async () => {
  await api.app.close();
  await harness.stop();
});

const blobFiles = (): string[] =>
  readdirSync(path.join(harness.dataDir, 'blobs'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);

describe('POST /v1/documents', () => {
  it('accepts a scan with 202 and an id, processes it, and serves the PDF, text and sidecar', async () => {
    const bytes = readFileSync(path.join(SAMPLES_DIR, 'fax-g4-2pages.tif'));
    const response = await upload(bytes, 'fax-g4-2pages.tif', { source: 'ward 7 scanner' });
    expect(response.status).toBe(202);
    const { id, duplicate } = (await response.json()) as { id: string; duplicate: boolean };
    expect(id).toMatch(/^doc_/);
    expect(duplicate).toBe(false);
    expect(response.headers.get('location')).toBe(`/v1/documents/${id}`);
    const document = await waitForStatus(id, ['done', 'failed']);
    expect(document).toMatchObject({ status: 'done', pageCount: 2, fileName: 'fax-g4-2pages.tif', metadata: { source: 'ward 7 scanner' } });
    expect((document.pages as Array<{ status: string }>).map((page) => page.status)).toEqual(['ocr_done', 'ocr_done']);
    const pdf = await apiFetch(api.as('all'), `/v1/documents/${id}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await (await apiFetch(api.as('all'), `/v1/documents/${id}/text`)).text()).toMatch(/NHS No 999 636 9668/);
    const sidecar = (await (await apiFetch(api.as('all'), `/v1/documents/${id}/json`)).json()) as { pageCount: number };
    expect(sidecar.pageCount).toBe(2);
  });

  it('returns the existing document for the same file uploaded again', async () => {
    const bytes = readFileSync(path.join(SAMPLES_DIR, 'upside-down.png'));
    const first = (await (await upload(bytes, 'upside-down.png')).json()) as { id: string };
    const again = await upload(bytes, 'copy-of-upside-down.png');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string; duplicate: boolean })).toMatchObject({ id: first.id, duplicate: true });
  });

  it('answers bad uploads with problem details and keeps no partial files', async () => {
    const before = blobFiles().length;
    const cases: Array<[Buffer, string, number, string]> = [
      [Buffer.alloc(0), 'empty.png', 400, 'EMPTY_FILE'],
      [Buffer.from('This is not a scan'), 'letter.png', 415, 'WRONG_FILE_TYPE'],
      [readFileSync(path.join(import.meta.dirname, '../bad-input/spreadsheet.gif')), 'chart.gif', 415, 'UNSUPPORTED_FORMAT'],
      [Buffer.alloc(MAX_UPLOAD + 1024, 7), 'huge.png', 413, 'UPLOAD_TOO_LARGE'],
    ];
    for (const [bytes, fileName, status, code] of cases) {
      const response = await upload(bytes, fileName);
      expect(response.status, fileName).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status, code, hint: expect.any(String), retryable: false });
    }
    expect(blobFiles().length).toBe(before);
  });

  it('stores the uploaded file name without control characters, bidi overrides or path', async () => {
    const boundary = 'recto-name-boundary';
    const hostile = '../../scans/ward\x0b7\x1c\x00\u202Efig.png';
    const bytes = readFileSync(path.join(SAMPLES_DIR, 'upside-down.png'));
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${hostile}"\r\nContent-Type: image/png\r\n\r\n`, 'utf8'),
      // Different bytes from the other tests' upload of this sample, so this is a new document.
      bytes,
      Buffer.from('\x00'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await apiFetch(api.as('records'), '/v1/documents', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const stored = await storage.metadata.getDocument(id);
    expect(stored?.fileName).toBe('ward7fig.png');
  });

  it('rejects a truncated multipart body with a 4xx problem', async () => {
    const boundary = 'recto-boundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n`;
    const response = await apiFetch(api.as('records'), '/v1/documents', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

describe('document status, retry and listing', () => {
  it('shows a failed document with its typed error, and retries it on request', async () => {
    const truncated = readFileSync(path.join(import.meta.dirname, '../bad-input/truncated.jpg'));
    const { id } = (await (await upload(truncated, 'truncated.jpg')).json()) as { id: string };
    const failed = await waitForStatus(id, ['failed', 'done']);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'CORRUPT_IMAGE', retryable: false } });
    const pdf = await apiFetch(api.as('all'), `/v1/documents/${id}/pdf`);
    expect(pdf.status).toBe(409);
    const retry = await apiFetch(api.as('records'), `/v1/documents/${id}/retry`, { method: 'POST', json: {} });
    expect(retry.status).toBe(202);
    // Still bad input, so it fails again — but it was really run again (a new attempt).
    const again = await waitForStatus(id, ['failed']);
    expect(again.attempts).toBeGreaterThan(failed.attempts as number);
  });

  it('refuses to retry a document that is queued, processing or done (409), and queues nothing', async () => {
    const done = await waitForStatus((await (await upload(readFileSync(path.join(SAMPLES_DIR, 'fax-g4-2pages.tif')), 'fax.tif')).json() as { id: string }).id, ['done']);
    const blob = await storage.blobs.putBuffer(Buffer.from('never queued: no job in Redis'));
    const { document: waiting } = await storage.metadata.createDocumentIfAbsent({ sha256: blob.sha256, originalKey: blob.key, fileName: 'w.png', sizeBytes: blob.sizeBytes, format: 'png' });
    const jobsBefore = await harness.queue.connection.keys(`${harness.names.prefix}:split:*.split.*`);

    const refused = async (id: string, status: string) => {
      const response = await apiFetch(api.as('records'), `/v1/documents/${id}/retry`, { method: 'POST', json: {} });
      expect(response.status, status).toBe(409);
      const problem = (await response.json()) as { code: string; detail?: string; message?: string; hint: string };
      expect(problem.code).toBe('DOCUMENT_NOT_FAILED');
      expect(JSON.stringify(problem)).toContain(`is ${status}`);
      expect((await storage.metadata.getDocument(id))?.status).toBe(status);
    };
    await refused(done.id as string, 'done');
    await refused(waiting.id, 'queued');
    await storage.metadata.updateDocument(waiting.id, { status: 'processing' });
    await refused(waiting.id, 'processing');
    expect(await harness.queue.connection.keys(`${harness.names.prefix}:split:*.split.*`)).toEqual(jobsBefore);
    await storage.metadata.updateDocument(waiting.id, { status: 'failed' });
  });

  it('lists documents newest first with a cursor, and 404s unknown ids as problems', async () => {
    const first = (await (await apiFetch(api.as('all'), `/v1/documents?limit=2`)).json()) as { documents: Array<{ id: string }>; nextCursor: string };
    expect(first.documents).toHaveLength(2);
    const second = (await (await apiFetch(api.as('all'), `/v1/documents?limit=2&cursor=${first.nextCursor}`)).json()) as { documents: Array<{ id: string }> };
    expect(second.documents[0].id < first.documents[1].id).toBe(true);
    const missing = await apiFetch(api.as('all'), `/v1/documents/doc_01ZZZZZZZZZZZZZZZZZZZZZZZZ`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
  });

  it('reports liveness and readiness', async () => {
    expect((await apiFetch(api.as('all'), `/healthz`)).status).toBe(200);
    const ready = await apiFetch(api.as('all'), `/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});
