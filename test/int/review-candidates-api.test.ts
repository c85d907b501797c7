import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import { openCsvPatientIndex } from '../../src/matching/csv-patient-index.ts';
import type { PatientIndex } from '../../src/matching/patient-index.ts';
import { resolveApproval } from '../../src/review/approval-patient.ts';
import type { ReviewItem } from '../../src/review/review-store.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone } from '../support/service-client.ts';
import { type ApiTarget, apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';

/**
 * Candidate patients for a review item over real HTTP and storage: looked up in the example
 * trust's CSV index (invented patients) by what the page shows and what the reviewer searches,
 * and an approval taken from a candidate filed only when the page shows that patient.
 */

/** The page as the fake OCR engine reads it: Arthur Pennington's clinic letter (example index). */
const PAGE = ['Patient: Mr Arthur Pennington', 'DOB: 03/11/1951', 'Hospital No: NB4417203', 'Clinic Letter'];
const PENNINGTON = { nhsNumber: '9996369668', given: ['Arthur'], family: 'Pennington', birthDate: '1951-11-03', mrns: ['NB4417203'] };
const BRADWELL = { nhsNumber: '9993769789', given: ['Stanley'], family: 'Bradwell', birthDate: '1939-06-12', mrns: ['SA6630218'] };

let harness: QueueHarness;
let api: TestApi;
let noIndexApi: TestApi;
let reviewer: ApiTarget;
let indexDown = false;
const approved: ReviewItem[] = [];
const documents: string[] = [];

beforeAll(async () => {
  harness = await startQueueHarness('candidates', createFakeOcrEngine(PAGE));
  const csv = await openCsvPatientIndex(path.join(SAMPLES_DIR, 'trust', 'patient-index.example.csv'));
  // The example index, which a test can take down as a FHIR server goes down.
  const whenUp = <T>(lookup: () => Promise<T>) => (indexDown ? Promise.reject(new RectoError('PATIENT_INDEX_UNAVAILABLE', 'the index is down (test)')) : lookup());
  const index: PatientIndex = {
    findByNhsNumber: (nhsNumber) => whenUp(() => csv.findByNhsNumber(nhsNumber)),
    findByMrn: (mrn) => whenUp(() => csv.findByMrn(mrn)),
    findByNameAndBirthDate: (family, birthDate) => whenUp(() => csv.findByNameAndBirthDate(family, birthDate)),
  };
  const unused = async (): Promise<never> => {
    throw new RectoError('BAD_REQUEST', 'not used in this test');
  };
  api = await startTestApi(harness, {
    review: harness.review,
    filing: { checkApproval: (item, request) => resolveApproval(item, request, index), deliverApproved: unused, redeliver: unused, refile: unused, patientIndex: index },
    onApproved: async (item) => {
      approved.push(item);
    },
  });
  noIndexApi = await startTestApi(harness, { review: harness.review });
  reviewer = await api.user('r.patel', ['reviewer']);
  // One live review item per document: a document for each item below (the fake engine reads the same page from each).
  for (const sample of ['clean-letter.png', 'blurred.png', 'noisy-speckle.png', 'punched-border.png']) {
    documents.push(await uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, sample)), sample));
  }
});

afterAll(async () => {
  await api?.app.close();
  await noIndexApi?.app.close();
  await harness?.stop();
});

const at = (y: number) => ({ page: 0, bbox: { x0: 100, y0: y, x1: 600, y1: y + 60 } });
/** What extraction read on the page, as the review item keeps it. */
const extracted = {
  nhsNumbers: [],
  mrns: [{ value: 'NB4417203', raw: 'NB4417203', confidence: 90, foundAt: at(400) }],
  patientName: { value: { given: ['Arthur'], family: 'Pennington', text: 'Mr Arthur Pennington' }, raw: 'Mr Arthur Pennington', confidence: 90, foundAt: at(200) },
  birthDate: { value: '1951-11-03', raw: '03/11/1951', confidence: 90, foundAt: at(300) },
  documentType: { key: 'clinic-letter', snomedCode: '371531000', display: 'Report of clinical encounter', confidence: 80, evidence: [] },
};

async function openItem(documentIndex: number, fields: object = extracted): Promise<ReviewItem> {
  const { item } = await harness.review.openItem({ documentId: documents[documentIndex], reasons: [{ code: 'NO_NHS_NUMBER', message: 'no NHS number on the page' }], extracted: fields as never });
  return item;
}

type CandidatesAnswer = { candidates: Array<typeof PENNINGTON & { matchedBy: string[]; onPage: string[] }>; reason?: string };

async function candidates(target: ApiTarget, itemId: string, query = ''): Promise<{ status: number; body: CandidatesAnswer & { code?: string } }> {
  const response = await apiFetch(target, `/v1/review/${itemId}/candidates${query}`);
  return { status: response.status, body: (await response.json()) as CandidatesAnswer & { code?: string } };
}

describe('GET /v1/review/{id}/candidates', () => {
  it('suggests the patient by the hospital number and by the name and date of birth on the page, once, saying what the page shows', async () => {
    const item = await openItem(0);
    const { status, body } = await candidates(reviewer, item.id);
    expect(status).toBe(200);
    expect(body).toEqual({
      candidates: [{ ...PENNINGTON, matchedBy: ['mrn', 'name-and-birth-date'], onPage: ['family', 'given', 'birthDate', 'mrn'] }],
    });

    // The access event names every patient it showed, like a search.
    const trail = await harness.storage.audit.trailOf(item.id);
    const viewed = trail.filter((event) => event.action === 'review.candidates.viewed').at(-1);
    expect(viewed).toMatchObject({ actor: 'user:r.patel', details: { candidates: 1, patientsShown: [PENNINGTON.nhsNumber] } });
  });

  it('searches by what the reviewer typed: a family name with a UK date of birth, or a hospital number', async () => {
    const item = await openItem(1, { ...extracted, mrns: [], patientName: undefined, birthDate: undefined });
    expect((await candidates(reviewer, item.id)).body).toEqual({ candidates: [], reason: expect.stringMatching(/shows no hospital number/) });

    const byName = await candidates(reviewer, item.id, '?family=BRADWELL&birthDate=12/06/1939');
    expect(byName.body.candidates).toEqual([{ ...BRADWELL, matchedBy: ['name-and-birth-date'], onPage: [] }]);
    const byMrn = await candidates(reviewer, item.id, '?mrn=sa%20663%200218');
    expect(byMrn.body.candidates.map((candidate) => candidate.nhsNumber)).toEqual([BRADWELL.nhsNumber]);
    // Exact only: a near name or another date finds nobody, and a name needs a date of birth.
    expect((await candidates(reviewer, item.id, '?family=Bradwel&birthDate=12/06/1939')).body.candidates).toEqual([]);
    expect((await candidates(reviewer, item.id, '?family=Bradwell&birthDate=13/06/1939')).body.candidates).toEqual([]);
    expect((await candidates(reviewer, item.id, '?family=Bradwell')).status).toBe(400);
    expect((await candidates(reviewer, item.id, '?family=Bradwell&birthDate=06/13/1939')).body.code).toBe('BAD_REQUEST');
  });

  it('answers an empty list with the reason when no patient index is configured', async () => {
    const item = await openItem(0);
    const other = await noIndexApi.user('r.patel', ['reviewer']);
    const { status, body } = await candidates(other, item.id);
    expect(status).toBe(200);
    expect(body).toEqual({ candidates: [], reason: expect.stringMatching(/no patient index is configured/) });
  });

  it('answers PATIENT_INDEX_UNAVAILABLE (503) when the index cannot be asked', async () => {
    const item = await openItem(0);
    indexDown = true;
    try {
      const { status, body } = await candidates(reviewer, item.id);
      expect(status).toBe(503);
      expect(body.code).toBe('PATIENT_INDEX_UNAVAILABLE');
    } finally {
      indexDown = false;
    }
  });

  it('is for reviewers only: clinicians and records staff get 403, no sign-in 401, an unknown item 404', async () => {
    const item = await openItem(0);
    expect((await candidates(api.as('clinician'), item.id)).status).toBe(403);
    expect((await candidates(api.as('records'), item.id)).status).toBe(403);
    expect((await candidates(api.anonymous, item.id)).status).toBe(401);
    expect((await candidates(reviewer, 'rev_nope')).status).toBe(404);
  });
});

describe('approving with a patient taken from the candidates', () => {
  const approve = (itemId: string, identity: object) => apiFetch(reviewer, `/v1/review/${itemId}/approve`, { method: 'POST', json: { identity } });
  const claim = (itemId: string) => apiFetch(reviewer, `/v1/review/${itemId}/claim`, { method: 'POST', json: {} });
  const asTyped = ({ nhsNumber, given, family }: typeof PENNINGTON) => ({ nhsNumber, given, family });

  it('refuses (422, nothing filed) a candidate the page does not show, even though the index agrees', async () => {
    const item = await openItem(2);
    expect((await claim(item.id)).status).toBe(200);
    const refused = await approve(item.id, { ...asTyped(BRADWELL), birthDate: '12/06/1939', source: 'candidate' });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { code: string; detail: string };
    expect(problem.code).toBe('APPROVAL_INCOMPLETE');
    expect(problem.detail).toMatch(/taken from the index's candidates, but the page does not show them/);
    expect(approved.map((entry) => entry.id)).not.toContain(item.id);
    expect((await harness.review.getItem(item.id))?.status).toBe('claimed');
  });

  it('files a candidate the page shows to that patient, recording where the identity came from and what the page shows', async () => {
    const item = await openItem(2);
    const done = await approve(item.id, { ...asTyped(PENNINGTON), birthDate: '03/11/1951', source: 'candidate' });
    expect(done.status).toBe(200);
    const filed = (await done.json()) as ReviewItem;
    expect(filed.status).toBe('approved');
    // `source` is not a correction: the corrections are the identity only.
    expect(filed.corrections).toEqual({ nhsNumber: PENNINGTON.nhsNumber, given: ['Arthur'], family: 'Pennington', birthDate: '1951-11-03' });
    expect(approved.map((entry) => entry.id)).toContain(item.id);
    const approval = (await harness.storage.audit.trailOf(item.id)).find((event) => event.action === 'review.approved');
    expect(JSON.stringify(approval)).toContain('"code":"IDENTITY_FROM_CANDIDATE"');
    expect(JSON.stringify(approval)).toContain('"onPage":["family","given","birthDate","mrn"]');
  });

  it('leaves a typed identity (no source) as before: checked against the index only', async () => {
    const item = await openItem(3);
    expect((await claim(item.id)).status).toBe(200);
    // The page shows Pennington, but a typed identity is the reviewer's reading, as today.
    const done = await approve(item.id, { ...asTyped(BRADWELL), birthDate: '12/06/1939' });
    expect(done.status).toBe(200);
    const approval = (await harness.storage.audit.trailOf(item.id)).find((event) => event.action === 'review.approved');
    expect(JSON.stringify(approval)).not.toContain('IDENTITY_FROM_CANDIDATE');
  });
});
