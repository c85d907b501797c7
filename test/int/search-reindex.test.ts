import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import type { OcrEngine } from '../../src/engines/ocr-engine.ts';
import type { ReindexSummary } from '../../src/filing/reindex-documents.ts';
import type { SearchHit, SearchIndex } from '../../src/search/search-index.ts';
import { SqliteSearchIndex } from '../../src/search/sqlite-search-index.ts';
import { type RunningFiling, startFiling } from '../../src/service/start-filing.ts';
import { layOut } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone, waitUntil } from '../support/service-client.ts';
import { type ApiTarget, apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';
import { oneLineScan } from '../support/text-image.ts';
import { writeTestTrust } from '../support/test-trust.ts';

/**
 * Keeping the search index whole: an approval whose index write fails still succeeds and is
 * repaired later, and `recto search reindex` rebuilds a lost index file from the stored
 * documents with the patient each was filed or approved to.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const MARCHETTI = '9993048143';
const BRADWELL = '9993769789';

let configFile: string;
let configDir: string;
let harness: QueueHarness;
/** Filing as the API runs it, over a search index that fails while `indexFails` is set. */
let filing: RunningFiling;
let api: TestApi;
let reviewer: ApiTarget;
let indexFails = false;
let pageText: string[] = [];
const engine: OcrEngine = { name: 'fake', version: 'fake-ocr 1', recognize: async () => layOut(pageText), close: async () => undefined };
const docs: Record<string, string> = {};

beforeAll(async () => {
  ({ configFile, configDir } = writeTestTrust('reindex', { name: 'drop', type: 'file-drop' }));
  harness = await startQueueHarness('reindex', engine, { trustConfig: configFile });
  const { storage } = harness;
  const flaky: SearchIndex = Object.create(storage.search, {
    indexDocument: {
      value: async (document: Parameters<SearchIndex['indexDocument']>[0]) => {
        if (indexFails) throw new RectoError('STORAGE_UNAVAILABLE', 'search index busy (test)');
        return storage.search.indexDocument(document);
      },
    },
  });
  filing = await startFiling(configFile, {
    review: storage.review, deliveries: storage.deliveries, audit: storage.audit, metadata: storage.metadata, storage, search: flaky,
    connection: harness.connection, names: harness.names, log: () => undefined,
  });
  api = await startTestApi(harness, { review: harness.review, filing });
  reviewer = await api.user('r.reindex', ['reviewer']);

  docs.filed = await capture('fields-clinic-letter-phone-fax', 'Zephyrine sputum culture awaited.', 'filed');
  docs.approved = await capture('fields-outpatient-letter-invalid-nhs', 'Zanthoxylum eye drops were prescribed.', 'review');
  docs.inReview = await capture('fields-outpatient-letter-invalid-nhs', 'Quillwort dressing applied to the drain site.', 'review');
}, 240_000);

afterAll(async () => {
  await api?.app.close();
  await filing?.close();
  await harness?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

async function capture(sample: string, extra: string, status: 'filed' | 'review'): Promise<string> {
  pageText = [...readFileSync(path.join(SAMPLES_DIR, 'expected', `${sample}.txt`), 'utf8').split('\n').filter((line) => line.trim()), extra];
  const id = await uploadUntilDone(api.as('records'), await oneLineScan(`${sample} ${extra}`), `${sample}.png`);
  await waitUntil(`${id} is ${status}`, 60_000, async () => (await harness.storage.metadata.getDocument(id))?.filing?.status === status);
  return id;
}

function reindex(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'src/cli/recto.js'), 'search', 'reindex', '--data-dir', harness.dataDir, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, MALLOC_ARENA_MAX: '2', TRUST_CONFIG: '' },
  });
}

/** Each document's entry as a fresh reader of search.sqlite sees it (the harness's connection may hold a deleted file). */
async function entries(): Promise<Record<string, SearchHit | null>> {
  const index = SqliteSearchIndex.open(path.join(harness.dataDir, 'search.sqlite'));
  try {
    return Object.fromEntries(await Promise.all(Object.entries(docs).map(async ([name, id]) => [name, await index.documentHits(id, 'zephyrine OR zanthoxylum OR quillwort')] as const)));
  } finally {
    await index.close();
  }
}

describe('an approval whose search index write fails', () => {
  it('answers 200, files the document, and the repair indexes it under the approved patient', async () => {
    const { items } = (await (await apiFetch(reviewer, '/v1/review?status=open')).json()) as { items: Array<{ id: string; documentId: string }> };
    const item = items.find((candidate) => candidate.documentId === docs.approved)!;
    expect((await apiFetch(reviewer, `/v1/review/${item.id}/claim`, { method: 'POST', json: {} })).status).toBe(200);
    indexFails = true;
    const identity = { nhsNumber: BRADWELL, given: ['Stanley'], family: 'Bradwell', birthDate: '1939-06-12' };
    const approved = await apiFetch(reviewer, `/v1/review/${item.id}/approve`, { method: 'POST', json: { identity } });
    expect(approved.status).toBe(200);
    const outcome = (await (await apiFetch(api.as('records'), `/v1/documents/${docs.approved}`)).json()) as { outcome: { status: string; patient: { nhsNumber: string } } };
    expect(outcome.outcome).toMatchObject({ status: 'filed', patient: { nhsNumber: BRADWELL } });
    // Still found by its words only, and remembered as owed.
    expect(await harness.storage.search.documentHits(docs.approved)).toMatchObject({ nhsNumber: null });
    expect((await harness.storage.metadata.listSearchStale()).map((mark) => mark.documentId)).toEqual([docs.approved]);

    // The index still fails: the repair leaves it owed.
    expect((await filing.repairIndex()).failed).toEqual([expect.objectContaining({ documentId: docs.approved, code: 'STORAGE_UNAVAILABLE' })]);
    expect(await harness.storage.metadata.listSearchStale()).toHaveLength(1);

    indexFails = false;
    expect(await filing.repairIndex()).toMatchObject({ indexed: 1, attributed: 1, failed: [] });
    expect(await harness.storage.search.documentHits(docs.approved)).toMatchObject({ nhsNumber: BRADWELL, patientName: 'Stanley Bradwell', birthDate: '1939-06-12', mrn: 'SA6630218' });
    expect(await harness.storage.metadata.listSearchStale()).toEqual([]);
  }, 60_000);
});

describe('recto search reindex', () => {
  it('rebuilds a deleted index with the same hits and patients, twice to the same result, audited as the account that ran it', async () => {
    const before = await entries();
    expect(before.filed).toMatchObject({ nhsNumber: MARCHETTI });
    expect(before.approved).toMatchObject({ nhsNumber: BRADWELL });
    expect(before.inReview).toMatchObject({ nhsNumber: null, patientName: null, filedAt: null });

    for (const file of ['search.sqlite', 'search.sqlite-wal', 'search.sqlite-shm']) rmSync(path.join(harness.dataDir, file), { force: true });
    const first = reindex('--trust-config', configFile, '--json');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout) as ReindexSummary).toEqual({ indexed: 3, attributed: 2, removed: [], skipped: [], failed: [] });
    expect(await entries()).toEqual(before);

    const second = reindex('--trust-config', configFile);
    expect(second.status).toBe(0);
    expect(second.stdout).toBe('Indexed 3 document(s), 2 under a patient; removed 0; skipped 0; failed 0.\n');
    expect(await entries()).toEqual(before);
    const fresh = SqliteSearchIndex.open(path.join(harness.dataDir, 'search.sqlite'));
    expect(await fresh.documentIds()).toEqual(Object.values(docs).sort());
    await fresh.close();

    const trail = await harness.storage.audit.trailOf('search');
    expect(trail.filter((event) => event.action === 'search.reindexed')).toEqual([
      expect.objectContaining({ actor: `cli:${os.userInfo().username}`, details: expect.objectContaining({ indexed: 3, attributed: 2 }) }),
      expect.objectContaining({ actor: `cli:${os.userInfo().username}` }),
    ]);
  }, 120_000);

  it('without the trust configuration leaves filed and approved documents as they are, saying why; one document by --document', async () => {
    const run = reindex('--json');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as ReindexSummary;
    expect(summary).toMatchObject({ indexed: 1, attributed: 0, removed: [] });
    expect(summary.skipped.map((skipped) => skipped.documentId).sort()).toEqual([docs.filed, docs.approved].sort());
    expect(summary.skipped[0].reason).toMatch(/needs the patient index/);

    const one = reindex('--document', docs.inReview, '--json');
    expect(JSON.parse(one.stdout)).toEqual({ indexed: 1, attributed: 0, removed: [], skipped: [], failed: [] });
    const missing = reindex('--document', 'doc_01JZ0000000000000000000000');
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('DOCUMENT_NOT_FOUND');
  }, 60_000);

  it('removes a rejected document and the entry of one no longer stored', async () => {
    const rejected = await capture('fields-outpatient-letter-invalid-nhs', 'Wombatine inhaler started.', 'review');
    const { items } = (await (await apiFetch(reviewer, '/v1/review?status=open')).json()) as { items: Array<{ id: string; documentId: string }> };
    const item = items.find((candidate) => candidate.documentId === rejected)!;
    expect((await apiFetch(reviewer, `/v1/review/${item.id}/claim`, { method: 'POST', json: {} })).status).toBe(200);
    expect((await apiFetch(reviewer, `/v1/review/${item.id}/reject`, { method: 'POST', json: { note: 'not ours' } })).status).toBe(200);
    const ghost = 'doc_01JZ0000000000000000000042';
    const index = SqliteSearchIndex.open(path.join(harness.dataDir, 'search.sqlite'));
    await index.indexDocument({
      documentId: ghost, fileName: 'ghost.png', nhsNumber: null, mrn: null, patientName: null, birthDate: null, documentType: null, documentDate: null,
      author: null, department: null, filedAt: null, updatedAt: '2026-03-16T09:00:00.000Z', pages: [{ index: 0, text: 'ghost', words: [] }],
    });

    const run = reindex('--trust-config', configFile, '--json');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as ReindexSummary;
    expect(summary.removed).toEqual([
      { documentId: rejected, reason: 'rejected in review' },
      { documentId: ghost, reason: 'no longer stored' },
    ]);
    expect(await index.documentIds()).toEqual(Object.values(docs).sort());
    await index.close();
  }, 120_000);
});
