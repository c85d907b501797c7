import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { apiFetch, bearer, startTestApi, type TestApi } from '../support/test-api.ts';
import { uploadUntilDone } from '../support/service-client.ts';

/** What an operator and an integrator look at besides the documents: /docs, /metrics, /admin/queues. */

let harness: QueueHarness;
let app: FastifyInstance;
let api: TestApi;
let browser: Browser;

beforeAll(async () => {
  harness = await startQueueHarness('observe', createFakeOcrEngine());
  api = await startTestApi(harness);
  app = api.app;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await harness?.stop();
});

const uploadAndWait = (fileName: string): Promise<string> => uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, fileName)), fileName);

/** The value of one sample line of a Prometheus text exposition, 0 when absent. */
function sample(exposition: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of exposition.split('\n')) {
    const match = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((label) => have.includes(label))) return Number(match[3]);
  }
  return 0;
}

const scrape = async (): Promise<string> => {
  const response = await apiFetch(api.as('admin'), `/metrics`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
};

describe('GET /metrics', () => {
  it('counts pages, stage durations, queue depth and documents by status as a document goes through', async () => {
    const before = await scrape();
    await uploadAndWait('fax-g4-2pages.tif');
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('recto_pages_processed_total')).toBe(2);
    expect(delta('recto_documents_finished_total', { status: 'done' })).toBe(1);
    for (const [stage, jobs] of [['split', 1], ['clean', 2], ['ocr', 2], ['assemble', 1]] as const) {
      expect(delta('recto_stage_duration_seconds_count', { stage, outcome: 'ok' })).toBe(jobs);
      expect(delta('recto_stage_duration_seconds_sum', { stage, outcome: 'ok' })).toBeGreaterThan(0);
      expect(delta('recto_queue_jobs', { queue: stage, state: 'completed' })).toBe(jobs);
      expect(sample(after, 'recto_queue_jobs', { queue: stage, state: 'waiting' })).toBe(0);
    }
    expect(delta('recto_documents', { status: 'done' })).toBe(1);
    expect(sample(after, 'recto_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('OpenAPI at /docs', () => {
  it('describes every route with its parameters, answers and the multipart upload', async () => {
    const spec = (await (await apiFetch(api.as('admin'), `/docs/json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required: string[] } }> }; responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>>;
    };
    expect(spec.openapi).toMatch(/^3\.1/);
    expect(Object.keys(spec.paths).sort()).toEqual(
      [
        '/healthz',
        '/readyz',
        '/auth/sign-in',
        '/auth/sign-out',
        '/v1/me',
        '/v1/admin/users',
        '/v1/admin/users/{name}',
        '/v1/admin/tokens',
        '/v1/admin/tokens/{id}/revoke',
        '/v1/admin/audit.csv',
        '/v1/admin/audit/verify',
        '/v1/admin/patients/{nhsNumber}/viewers',
        '/v1/documents',
        '/v1/documents/{id}',
        '/v1/documents/{id}/json',
      '/v1/documents/{id}/pages/{page}/image',
        '/v1/documents/{id}/pdf',
        '/v1/documents/{id}/refile',
        '/v1/documents/{id}/retry',
        '/v1/documents/{id}/text',
        '/v1/search',
        '/v1/patients/{nhsNumber}/documents',
      ].sort(),
    );
    expect(spec.paths['/v1/search'].get.parameters?.map((parameter) => parameter.name).sort()).toEqual(
      ['birthDate', 'cursor', 'from', 'limit', 'mrn', 'name', 'nhsNumber', 'q', 'to', 'type'],
    );
    const upload = spec.paths['/v1/documents'].post;
    expect(upload.requestBody?.content['multipart/form-data'].schema.required).toEqual(['file']);
    expect(Object.keys(upload.responses).sort()).toEqual(['200', '202', '400', '413', '415', '422', '503']);
    expect(spec.paths['/v1/documents'].get.parameters?.map((parameter) => parameter.name).sort()).toEqual(['cursor', 'filing', 'limit', 'status']);
    expect(spec.paths['/v1/documents/{id}'].get.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path' })]);
    // Where a document ended up is documented on the single answer and on each listed one.
    type Outcome = { anyOf: Array<{ properties?: Record<string, { enum?: string[] }>; required?: string[] }> };
    type Answer = { content: Record<string, { schema: { properties: Record<string, { items?: { properties: { outcome: Outcome } }; anyOf?: Outcome['anyOf'] }> } }> };
    const one = (spec.paths['/v1/documents/{id}'].get.responses['200'] as Answer).content['application/json'].schema.properties.outcome as Outcome;
    expect(one.anyOf[0].properties?.status.enum).toEqual(['pending', 'filed', 'review', 'rejected', 'failed']);
    expect(one.anyOf[0].required).toEqual(['status', 'patient', 'how', 'by', 'at', 'reviewItemId', 'reasons', 'note', 'error']);
    expect(one.anyOf[1]).toEqual({ type: 'null' });
    const listed = (spec.paths['/v1/documents'].get.responses['200'] as Answer).content['application/json'].schema.properties.documents.items!.properties.outcome;
    expect(listed).toEqual(one);
    const refile = spec.paths['/v1/documents/{id}/refile'].post;
    expect(Object.keys(refile.requestBody?.content ?? {})).toEqual(['application/json']);
    expect(Object.keys(refile.responses).sort()).toEqual(['202', '404', '409', '503']);
  });

  it('validates what it documents: a limit out of range is a 400 problem', async () => {
    const response = await apiFetch(api.as('all'), `/v1/documents?limit=0`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('shows the operations in Swagger UI in a real browser', async () => {
    const page = await (await browser.newContext({ extraHTTPHeaders: bearer(api.tokens.admin) })).newPage();
    try {
      await page.goto(`${api.url}/docs`);
      const operations = page.locator('.opblock-summary');
      await operations.first().waitFor({ timeout: 30_000 });
      const text = (await operations.allInnerTexts()).map((line) => line.replace(/\s+/g, ' '));
      expect(text.some((line) => line.includes('POST') && line.includes('/v1/documents'))).toBe(true);
      expect(text.some((line) => line.includes('GET') && line.includes('/v1/documents/{id}/pdf'))).toBe(true);
      await expect(page.locator('.info .title').innerText()).resolves.toContain('Recto capture API');
    } finally {
      await page.close();
    }
  });
});

describe('bull-board at /admin/queues', () => {
  it('shows every stage queue with its completed jobs, read-only, in a real browser', async () => {
    await uploadAndWait('clean-letter.png');
    const page = await (await browser.newContext({ extraHTTPHeaders: bearer(api.tokens.admin) })).newPage();
    try {
      await page.goto(`${api.url}/admin/queues`);
      for (const stage of ['split', 'clean', 'ocr', 'assemble', 'file', 'deliver']) {
        await page.getByRole('link', { name: new RegExp(`^${stage}$`, 'i') }).first().waitFor({ timeout: 30_000 });
      }
      await page.goto(`${api.url}/admin/queues/queue/ocr?status=completed`);
      await page.getByText(/\.1\.ocr\.0/).first().waitFor({ timeout: 30_000 });
      // Read-only: no buttons that would retry, clean or empty a queue behind the documents' backs.
      // The job card is there (its data can be opened), but read-only: no "Retry all" or
      // "Clean all" (bull-board shows both here when writable), nothing that would act on
      // jobs behind the documents' backs.
      await page.locator('button', { hasText: /^Data$/ }).first().waitFor({ timeout: 30_000 });
      await expect(page.locator('button', { hasText: /retry|clean|empty|pause|promote|remove/i }).count()).resolves.toBe(0);
    } finally {
      await page.close();
    }
    const queues = (await (await apiFetch(api.as('admin'), `/admin/queues/api/queues`)).json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(queues.queues.map((queue) => queue.name).sort()).toEqual(['assemble', 'clean', 'deliver', 'file', 'ocr', 'split']);
    expect(queues.queues.every((queue) => queue.readOnlyMode)).toBe(true);
  });
});
