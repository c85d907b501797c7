import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrEngine } from '../../src/engines/ocr-engine.ts';
import type { SearchHit, SearchPage } from '../../src/search/search-index.ts';
import { layOut } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone, waitUntil } from '../support/service-client.ts';
import { type ApiTarget, apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';
import { oneLineScan } from '../support/text-image.ts';
import { writeTestTrust } from '../support/test-trust.ts';

/**
 * Search wired into the product: documents are uploaded through the queue with OCR faked as a
 * sample's true text plus a line of words only that document holds, filed against the trust's
 * CSV patient index (or sent to review), and then searched through the real API and the CLI.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const MARCHETTI = '9993048143';
const LOWTHER = '9994360175';
const BRADWELL = '9993769789';
const TOGETHER_EXTRA = 'Known penicillin allergy and zephyrine sputum culture awaited.';

let configDir: string;
let harness: QueueHarness;
let api: TestApi;
let clinician: ApiTarget;
let reviewer: ApiTarget;
/** The text the fake engine "reads" on every page of the next document. */
let pageText: string[] = [];
const engine: OcrEngine = { name: 'fake', version: 'fake-ocr 1', recognize: async () => layOut(pageText), close: async () => undefined };

/** Documents by what the test made them for. */
const docs: Record<string, string> = {};

beforeAll(async () => {
  let configFile: string;
  ({ configFile, configDir } = writeTestTrust('search', { name: 'drop', type: 'file-drop' }));
  harness = await startQueueHarness('search', engine, { trustConfig: configFile });
  api = await startTestApi(harness, { review: harness.review, filing: harness.filing });
  clinician = await api.user('dr.okafor', ['clinician']);
  reviewer = await api.user('r.search', ['reviewer']);

  docs.together = await capture('fields-clinic-letter-phone-fax', TOGETHER_EXTRA, 'filed');
  docs.apart = await capture(
    'fields-operation-note',
    'Penicillin was given before theatre as prophylaxis and the drain site was checked twice for a latex allergy.',
    'filed',
  );
  docs.review = await capture('fields-outpatient-letter-invalid-nhs', 'Zanthoxylum eye drops were prescribed for dryness.', 'review');
}, 240_000);

afterAll(async () => {
  await api?.app.close();
  await harness?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

/** Uploads a scan the fake engine reads as the sample's text plus `extra`, and waits until filing has decided (and indexed) it. */
async function capture(sample: string, extra: string, filing: 'filed' | 'review'): Promise<string> {
  pageText = [...truthOf(sample), extra];
  const id = await uploadUntilDone(api.as('records'), await oneLineScan(`${sample} ${extra}`), `${sample}.png`);
  await waitFiling(id, filing);
  return id;
}

function truthOf(sample: string): string[] {
  return readFileSync(path.join(SAMPLES_DIR, 'expected', `${sample}.txt`), 'utf8').split('\n').filter((line) => line.trim());
}

async function waitFiling(id: string, status: string): Promise<void> {
  await waitUntil(`${id} is ${status}`, 60_000, async () => (await harness.storage.metadata.getDocument(id))?.filing?.status === status);
}

type Hit = SearchHit & { patientConfirmed: boolean; links: { document: string; pdf: string; text: string } };

async function searchAs(target: ApiTarget, query: Record<string, string | string[]>): Promise<{ status: number; body: SearchPage & { hits: Hit[]; code?: string; detail?: string } }> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const one of [value].flat()) params.append(name, one);
  const response = await apiFetch(target, `/v1/search?${params}`);
  return { status: response.status, body: await response.json() };
}

async function found(target: ApiTarget, query: Record<string, string | string[]>): Promise<Hit[]> {
  const { status, body } = await searchAs(target, query);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.hits;
}

async function timeline(target: ApiTarget, nhsNumber: string, query = ''): Promise<{ status: number; body: SearchPage & { hits: Hit[]; code?: string } }> {
  const response = await apiFetch(target, `/v1/patients/${encodeURIComponent(nhsNumber)}/documents${query}`);
  return { status: response.status, body: await response.json() };
}

const ids = (hits: Hit[]) => hits.map((hit) => hit.documentId);

describe('a filed document', () => {
  it('is found by its NHS number and by a word only it holds, with the snippet marked and the word boxed', async () => {
    const byPatient = await found(clinician, { nhsNumber: '999 304 8143' });
    expect(ids(byPatient)).toEqual([docs.together]);
    expect(byPatient[0]).toMatchObject({
      nhsNumber: MARCHETTI,
      patientName: 'Evelyn Rose Marchetti',
      birthDate: '1948-09-17',
      mrn: 'KB2209471',
      documentType: 'clinic-letter',
      documentDate: '2026-03-14',
      patientConfirmed: true,
      pages: [],
      links: { pdf: `/v1/documents/${docs.together}/pdf` },
    });
    expect(byPatient[0].filedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const [hit, ...others] = await found(clinician, { q: 'zephyrine', nhsNumber: MARCHETTI });
    expect(others).toEqual([]);
    expect(hit.documentId).toBe(docs.together);
    expect(hit.matchedPageCount).toBe(1);
    const [page] = hit.pages;
    expect(page.index).toBe(0);
    expect(page.snippet.filter((segment) => segment.hit).map((segment) => segment.text)).toEqual(['zephyrine']);
    // The box is where the fake engine laid the word out on the page.
    const laidOut = layOut([...truthOf('fields-clinic-letter-phone-fax'), TOGETHER_EXTRA]);
    expect(page.boxes).toEqual([laidOut.words.find((word) => word.text === 'zephyrine')!.bbox]);
    // The same search across all patients (a reviewer may) finds the same one document.
    expect(ids(await found(reviewer, { q: 'zephyrine' }))).toEqual([docs.together]);
  });

  it('ranks the page with the phrase above the page with the words apart', async () => {
    expect(ids(await found(reviewer, { q: 'penicillin allergy' }))).toEqual([docs.together, docs.apart]);
  });

  it('filters by type, dates, hospital number and name', async () => {
    expect(ids(await found(reviewer, { q: 'penicillin', type: 'operation-note' }))).toEqual([docs.apart]);
    expect(ids(await found(reviewer, { q: 'penicillin', type: 'operation-note,clinic-letter' })).sort()).toEqual([docs.together, docs.apart].sort());
    expect(ids(await found(reviewer, { q: 'penicillin', from: '2026-02-01' }))).toEqual([docs.together]);
    expect(ids(await found(reviewer, { q: 'penicillin', to: '2026-02-01' }))).toEqual([docs.apart]);
    expect(ids(await found(clinician, { q: 'penicillin', mrn: 'NB6028814' }))).toEqual([docs.apart]);
    expect(ids(await found(reviewer, { name: 'lowther tamsin' }))).toEqual([docs.apart]);
    expect(ids(await found(clinician, { nhsNumber: LOWTHER, q: 'zephyrine' }))).toEqual([]);
  });

  it('pages through hits with the cursor, each once', async () => {
    const first = await searchAs(reviewer, { q: 'penicillin', limit: '1' });
    expect(first.status).toBe(200);
    expect(first.body.hits).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await searchAs(reviewer, { q: 'penicillin', limit: '1', cursor: first.body.nextCursor! });
    expect(second.body.hits).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect([...ids(first.body.hits), ...ids(second.body.hits)].sort()).toEqual([docs.together, docs.apart].sort());
    // A cursor pasted into another search is refused.
    const wrong = await searchAs(reviewer, { q: 'allergy', cursor: first.body.nextCursor! });
    expect(wrong.status).toBe(400);
  });

  it("lists a patient's timeline newest first", async () => {
    const { status, body } = await timeline(clinician, LOWTHER);
    expect(status).toBe(200);
    expect(ids(body.hits)).toEqual([docs.apart]);
    expect(body.hits[0]).toMatchObject({ patientName: 'Tamsin Lowther', documentType: 'operation-note', score: null });
  });
});

describe('a document in review', () => {
  it('is found by its words but attributed to no patient until a reviewer approves it, then is in that patient\'s timeline', async () => {
    const [hit] = await found(reviewer, { q: 'zanthoxylum' });
    expect(hit).toMatchObject({ documentId: docs.review, nhsNumber: null, patientName: null, birthDate: null, mrn: null, filedAt: null, patientConfirmed: false });
    expect(hit.documentType).toBe('outpatient-letter');
    expect((await timeline(clinician, BRADWELL)).body.hits).toEqual([]);
    expect(await found(reviewer, { name: 'Bradwell' })).toEqual([]);
    expect(await found(clinician, { q: 'zanthoxylum', mrn: 'SA6630218' })).toEqual([]);

    const { items } = (await (await apiFetch(reviewer, '/v1/review?status=open')).json()) as { items: Array<{ id: string; documentId: string }> };
    const item = items.find((candidate) => candidate.documentId === docs.review)!;
    expect((await apiFetch(reviewer, `/v1/review/${item.id}/claim`, { method: 'POST', json: {} })).status).toBe(200);
    const identity = { nhsNumber: BRADWELL, given: ['Stanley'], family: 'Bradwell', birthDate: '1939-06-12' };
    const approved = await apiFetch(reviewer, `/v1/review/${item.id}/approve`, { method: 'POST', json: { identity } });
    expect(approved.status).toBe(200);

    const { body } = await timeline(clinician, BRADWELL);
    expect(ids(body.hits)).toEqual([docs.review]);
    expect(body.hits[0]).toMatchObject({ nhsNumber: BRADWELL, patientName: 'Stanley Bradwell', birthDate: '1939-06-12', mrn: 'SA6630218', patientConfirmed: true });
    expect(ids(await found(clinician, { q: 'zanthoxylum', nhsNumber: BRADWELL }))).toEqual([docs.review]);
  });
});

describe('reprocessing', () => {
  it('replaces the document\'s hits: the words the new attempt no longer reads are not found', async () => {
    const id = await capture('fields-clinic-letter-phone-fax', 'Quokkaline nebuliser trial noted.', 'filed');
    expect(ids(await found(clinician, { q: 'quokkaline', nhsNumber: MARCHETTI }))).toEqual([id]);
    // The document failed on a later attempt (as a worker would record it), and records staff retry it.
    await harness.storage.metadata.updateDocument(id, { status: 'queued' });
    await harness.storage.metadata.updateDocument(id, { status: 'failed', error: { code: 'OCR_FAILED', message: 'engine crashed', retryable: true, hint: 'try again' } });
    pageText = [...truthOf('fields-clinic-letter-phone-fax'), 'Wombatine inhaler started instead.'];
    expect((await apiFetch(api.as('records'), `/v1/documents/${id}/retry`, { method: 'POST', json: {} })).status).toBe(202);
    // Gone at once, not only once the new attempt is read.
    expect(await found(clinician, { q: 'quokkaline', nhsNumber: MARCHETTI })).toEqual([]);
    await waitUntil('the new attempt is searchable', 60_000, async () => (await found(clinician, { q: 'wombatine', nhsNumber: MARCHETTI })).length === 1);
    expect(await found(clinician, { q: 'quokkaline', nhsNumber: MARCHETTI })).toEqual([]);
    expect(await found(reviewer, { q: 'quokkaline' })).toEqual([]);
    expect((await timeline(clinician, MARCHETTI)).body.hits.filter((hit) => hit.documentId === id)).toHaveLength(1);
  }, 90_000);
});

describe('who may search', () => {
  it('refuses records staff and callers without sign-in; lets clinicians search within a patient and reviewers and admins across patients', async () => {
    expect((await searchAs(api.as('records'), { nhsNumber: MARCHETTI })).status).toBe(403);
    expect((await timeline(api.as('records'), MARCHETTI)).status).toBe(403);
    expect((await searchAs(api.anonymous, { nhsNumber: MARCHETTI })).status).toBe(401);
    expect((await searchAs(api.as('clinician'), { nhsNumber: MARCHETTI })).status).toBe(200);
    expect((await timeline(api.as('clinician'), MARCHETTI)).status).toBe(200);
    const across = await searchAs(clinician, { q: 'penicillin' });
    expect(across.status).toBe(403);
    expect(across.body.code).toBe('FORBIDDEN');
    expect(across.body.detail).toMatch(/across all patients needs the reviewer or admin role/);
    expect((await searchAs(api.as('admin'), { q: 'penicillin' })).status).toBe(200);
  });

  it('answers a bad search 400 INVALID_SEARCH_QUERY, whoever asks', async () => {
    const bad: Array<Record<string, string>> = [
      {},
      { nhsNumber: '9993048144' },
      { q: 'x', from: '2026-13-01' },
      { q: 'x', limit: 'abc' },
      { q: 'x', limit: '500' },
      { q: 'x', type: 'shopping-list' },
      { q: 'x', unknown: '1' },
      { q: 'x', from: '2026-03-01', to: '2026-02-01' },
    ];
    for (const query of bad) {
      for (const who of [clinician, reviewer]) {
        const { status, body } = await searchAs(who, query);
        expect({ query, status, code: body.code }).toEqual({ query, status: 400, code: 'INVALID_SEARCH_QUERY' });
      }
    }
    expect((await timeline(clinician, '1234567890')).body.code).toBe('INVALID_SEARCH_QUERY');
  });
});

describe('audit', () => {
  it('records every search (who, the query, how many hits) and lists the searcher among each shown patient\'s viewers', async () => {
    const before = Date.now();
    await found(clinician, { q: 'zephyrine', nhsNumber: MARCHETTI });
    const searches = (await harness.storage.audit.trailOf(MARCHETTI)).filter((event) => event.action === 'search.results.viewed' && Date.parse(event.at) >= before - 1000);
    expect(searches.at(-1)).toMatchObject({
      actor: 'user:dr.okafor',
      details: { query: { q: 'zephyrine', nhsNumber: MARCHETTI }, hits: 1, shown: [docs.together], patientsShown: [MARCHETTI], status: 200 },
    });
    const marchettiViewers = await harness.storage.audit.viewersOfPatient(MARCHETTI);
    expect(marchettiViewers).toContainEqual(expect.objectContaining({ actor: 'user:dr.okafor', action: 'search.results.viewed' }));

    await found(clinician, { q: 'penicillin', nhsNumber: LOWTHER, type: ['operation-note', 'clinic-letter'] });
    const typed = (await harness.storage.audit.trailOf(LOWTHER)).filter((event) => event.action === 'search.results.viewed').at(-1);
    expect(typed?.details).toMatchObject({ query: { q: 'penicillin', nhsNumber: LOWTHER }, types: ['operation-note', 'clinic-letter'], hits: 1 });

    // A search across patients names none on the event, yet each shown patient's viewers list it.
    await found(reviewer, { q: 'penicillin allergy' });
    for (const nhsNumber of [MARCHETTI, LOWTHER]) {
      const viewers = await harness.storage.audit.viewersOfPatient(nhsNumber);
      expect(viewers, nhsNumber).toContainEqual(expect.objectContaining({ actor: 'user:r.search', action: 'search.results.viewed', subjectId: '/v1/search' }));
    }
    // The clinician's timeline of a patient is theirs too, even when it is empty.
    await timeline(clinician, '999 014 1851');
    expect(await harness.storage.audit.viewersOfPatient('9990141851')).toEqual([expect.objectContaining({ actor: 'user:dr.okafor', action: 'patient.documents.viewed', subjectId: '9990141851' })]);
    // A refusal is recorded as one.
    await searchAs(clinician, { q: 'penicillin' });
    const refused = (await harness.storage.audit.trailOf('/v1/search')).filter((event) => event.action === 'access.refused');
    expect(refused.at(-1)).toMatchObject({ actor: 'user:dr.okafor', details: { status: 403, query: { q: 'penicillin' } } });
  });
});

describe('recto search', () => {
  const recto = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'src/cli/recto.js'), 'search', ...args, '--data-dir', harness.dataDir], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, MALLOC_ARENA_MAX: '2' },
    });

  it('prints the hit in a table with the word marked, audited as the account that ran it', async () => {
    const run = recto('zephyrine', '--nhs', '999 304 8143');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [header, row] = run.stdout.split('\n');
    expect(header).toMatch(/^document\s+patient\s+type\s+date\s+page\s+snippet$/);
    expect(row).toContain(docs.together);
    expect(row).toContain('999 304 8143 Evelyn Rose Marchetti');
    expect(row).toMatch(/clinic-letter\s+2026-03-14\s+1\s+.*\[zephyrine\]/);
    const viewers = await harness.storage.audit.viewersOfPatient(MARCHETTI);
    expect(viewers).toContainEqual(expect.objectContaining({ actor: `cli:${os.userInfo().username}`, action: 'search.results.viewed' }));

    const json = recto('penicillin', '--type', 'operation-note', '--json');
    expect(json.status).toBe(0);
    const page = JSON.parse(json.stdout) as SearchPage;
    expect(page.hits.map((hit) => hit.documentId)).toEqual([docs.apart]);
    expect(page.hits[0].pages[0].boxes.length).toBeGreaterThan(0);

    const review = recto('zanthoxylum', '--to', '2025-01-01');
    expect(review.status).toBe(0);
    expect(review.stdout).toBe('no documents match\n');
  }, 60_000);

  it('exits with the catalogue\'s status for a bad search (2, INVALID_SEARCH_QUERY) and for a missing data folder (3)', () => {
    const bad = recto('x', '--from', '2026-13-45');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^recto search: INVALID_SEARCH_QUERY: from "2026-13-45" is not a date/);
    const missing = spawnSync(process.execPath, [path.join(ROOT, 'src/cli/recto.js'), 'search', 'x', '--data-dir', path.join(configDir, 'nowhere')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MALLOC_ARENA_MAX: '2' },
    });
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('INPUT_NOT_FOUND');
  }, 60_000);
});
