import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrEngine } from '../../src/engines/ocr-engine.ts';
import { layOut } from '../support/fake-ocr-engine.ts';
import { type FhirTestServer, startFhirTestServer } from '../support/fhir-test-server.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone, waitUntil } from '../support/service-client.ts';
import { type ApiTarget, apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';
import { writeTestTrust } from '../support/test-trust.ts';

/**
 * Where a document ended up, as GET /v1/documents/{id} and the list say it: filed by Recto to a
 * patient of the (CSV) index, sent to review with its reasons, approved by a reviewer, or
 * rejected with a note. OCR is faked with each sample's true text: this is about filing.
 */

let configDir: string;
let fhir: FhirTestServer;
let harness: QueueHarness;
let api: TestApi;
let reviewer: ApiTarget;
let clinician: ApiTarget;
let pageText: string[] = [];

const engine: OcrEngine = { name: 'fake', version: 'fake-ocr 1', recognize: async () => layOut(pageText), close: async () => undefined };

beforeAll(async () => {
  fhir = await startFhirTestServer();
  let configFile: string;
  ({ configFile, configDir } = writeTestTrust('outcome', { name: 'epr-fhir', type: 'fhir', baseUrl: fhir.baseUrl }));
  harness = await startQueueHarness('outcome', engine, { trustConfig: configFile });
  api = await startTestApi(harness, { review: harness.review, filing: harness.filing });
  reviewer = await api.user('r.patel', ['reviewer']);
  clinician = await api.user('d.okafor', ['clinician']);
});

afterAll(async () => {
  await api?.app.close();
  await harness?.stop();
  await fhir?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

interface Outcome {
  status: string;
  patient: { nhsNumber: string; name: string | null } | null;
  how: string | null;
  by: string | null;
  at: string | null;
  reviewItemId: string | null;
  reasons: Array<{ code: string; message: string }>;
  note: string | null;
}
interface DocumentAnswer {
  id: string;
  filing: { status: string } | null;
  reviewItemId: string | null;
  outcome: Outcome | null;
}

/** Uploads `sample`, which OCR "reads" as the text of `textOf` (a sample's true text), and waits until it is captured. */
async function capture(sample: string, textOf = sample): Promise<string> {
  pageText = readFileSync(path.join(SAMPLES_DIR, 'expected', `${path.parse(textOf).name}.txt`), 'utf8').split('\n').filter((line) => line.trim());
  return uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, sample)), sample);
}

const documentOf = async (id: string, as: ApiTarget = api.as('records')): Promise<DocumentAnswer> => (await apiFetch(as, `/v1/documents/${id}`)).json() as Promise<DocumentAnswer>;
const listed = async (): Promise<DocumentAnswer[]> => ((await (await apiFetch(api.as('records'), '/v1/documents?limit=50')).json()) as { documents: DocumentAnswer[] }).documents;
const decided = (id: string, status: string) =>
  waitUntil(`the outcome is ${status}`, 60_000, async () => {
    const answer = await documentOf(id);
    return answer.outcome?.status === status && answer;
  }, async () => JSON.stringify((await documentOf(id)).outcome));
const post = (as: ApiTarget, route: string, body: unknown = {}) => apiFetch(as, route, { method: 'POST', json: body });

const ids: Record<string, string> = {};

describe('the outcome of a document', () => {
  it('says a document Recto filed itself was filed automatically, to the patient the index names', async () => {
    ids.automatic = await capture('fields-clinic-letter-phone-fax.png');
    const answer = await decided(ids.automatic, 'filed');
    expect(answer.outcome).toEqual({
      status: 'filed',
      patient: { nhsNumber: '9993048143', name: 'Evelyn Rose Marchetti' },
      how: 'automatically',
      by: null,
      at: expect.any(String),
      reviewItemId: null,
      reasons: [],
      note: null,
      error: null,
    });
    // Filed when Recto's filing event says, not later.
    const [filedEvent] = (await harness.storage.audit.trailOf(ids.automatic)).filter((event) => event.action === 'document.filed');
    expect(answer.outcome!.at).toBe(filedEvent.at);
  });

  it('gives the reasons and the review item of one sent to review, then who approved it and the patient', async () => {
    ids.approved = await capture('fields-outpatient-letter-invalid-nhs.png');
    const inReview = await decided(ids.approved, 'review');
    expect(inReview.outcome).toMatchObject({ status: 'review', patient: null, how: null, reviewItemId: inReview.reviewItemId });
    expect(inReview.reviewItemId).toMatch(/^rev_/);
    expect(inReview.outcome!.reasons.map((reason) => reason.code)).toContain('NO_NHS_NUMBER');
    expect(inReview.outcome!.reasons.every((reason) => reason.message.length > 0)).toBe(true);

    const itemId = inReview.reviewItemId!;
    expect((await post(reviewer, `/v1/review/${itemId}/claim`)).status).toBe(200);
    const stanley = { nhsNumber: '9993769789', given: ['Stanley'], family: 'Bradwell', birthDate: '1939-06-12' };
    expect((await post(reviewer, `/v1/review/${itemId}/approve`, { identity: stanley })).status).toBe(200);
    const approved = await decided(ids.approved, 'filed');
    expect(approved.outcome).toMatchObject({
      status: 'filed',
      patient: { nhsNumber: '9993769789', name: 'Stanley Bradwell' },
      how: 'approved',
      by: 'user:r.patel',
      reviewItemId: itemId,
      reasons: [],
    });
    expect(Date.parse(approved.outcome!.at!)).toBeGreaterThan(0);
  });

  it('says who rejected one and why', async () => {
    // Any one-page scan will do: the fake engine reads the letter with the invalid NHS number.
    ids.rejected = await capture('clean-letter.png', 'fields-outpatient-letter-invalid-nhs.png');
    const itemId = (await decided(ids.rejected, 'review')).reviewItemId!;
    expect((await post(reviewer, `/v1/review/${itemId}/claim`)).status).toBe(200);
    expect((await post(reviewer, `/v1/review/${itemId}/reject`, { note: 'Not <ours>: another trust\'s letter' })).status).toBe(200);
    const rejected = await decided(ids.rejected, 'rejected');
    expect(rejected.outcome).toMatchObject({ status: 'rejected', patient: null, by: 'user:r.patel', note: 'Not <ours>: another trust\'s letter', reviewItemId: itemId });
  });

  it('carries the same outcomes in the list', async () => {
    const documents = await listed();
    for (const id of Object.values(ids)) {
      const one = await documentOf(id);
      expect(documents.find((document) => document.id === id)?.outcome).toEqual(one.outcome);
    }
  });

  it('counts a view of the document as a view of the patient it names, for `recto audit viewers`', async () => {
    expect((await documentOf(ids.automatic, clinician)).outcome?.patient?.nhsNumber).toBe('9993048143');
    const viewers = await harness.storage.audit.viewersOfPatient('9993048143');
    expect(viewers).toEqual(
      expect.arrayContaining([expect.objectContaining({ actor: 'user:d.okafor', action: 'document.status.viewed', subjectId: ids.automatic })]),
    );
    const [event] = (await harness.storage.audit.trailOf(ids.automatic)).filter((entry) => entry.actor === 'user:d.okafor');
    expect((event as { patientNhsNumber?: string | null }).patientNhsNumber).toBe('9993048143');
    // The approved document is Stanley's; the rejected one is nobody's.
    expect((await harness.storage.audit.viewersOfPatient('9993769789')).some((view) => view.subjectId === ids.approved)).toBe(true);
    expect((await harness.storage.audit.viewersOfPatient('9993769789')).some((view) => view.subjectId === ids.rejected)).toBe(false);
  });
});
