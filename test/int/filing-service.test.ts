import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DocumentReference } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrEngine } from '../../src/engines/ocr-engine.ts';
import { layOut } from '../support/fake-ocr-engine.ts';
import { type FhirTestServer, startFhirTestServer } from '../support/fhir-test-server.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { type ApiTarget, apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';
import { uploadUntilDone, waitUntil } from '../support/service-client.ts';
import { writeTestTrust } from '../support/test-trust.ts';

/**
 * Filing through the queue and the API: a scan is read, its patient matched in the trust's
 * index and delivered to a real (loopback) FHIR server, or sent to review, claimed, corrected,
 * approved by a person and then delivered. OCR is faked with each sample's true text, so the
 * test is about filing, not recognition.
 */

let configDir: string;
let fhir: FhirTestServer;
let harness: QueueHarness;
let api: TestApi;
const people = new Map<string, ApiTarget>();
/** The text the fake engine "reads" on every page of the next document. */
let pageText: string[] = [];

const engine: OcrEngine = {
  name: 'fake',
  version: 'fake-ocr 1',
  recognize: async () => layOut(pageText),
  close: async () => undefined,
};

beforeAll(async () => {
  fhir = await startFhirTestServer();
  let configFile: string;
  ({ configFile, configDir } = writeTestTrust('filing', { name: 'epr-fhir', type: 'fhir', baseUrl: fhir.baseUrl }));
  harness = await startQueueHarness('filing', engine, { trustConfig: configFile });
  api = await startTestApi(harness, { review: harness.review, filing: harness.filing });
  people.set('records.manager', await api.user('records.manager', ['admin']));
  people.set('r.patel', await api.user('r.patel', ['reviewer']));
});

afterAll(async () => {
  await api?.app.close();
  await harness?.stop();
  await fhir?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

/** Uploads a sample whose OCR will read as the sample's true text, and waits until it is captured. */
async function capture(sample: string): Promise<string> {
  pageText = readFileSync(path.join(SAMPLES_DIR, 'expected', `${path.parse(sample).name}.txt`), 'utf8').split('\n').filter((line) => line.trim());
  return uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, sample)), sample, { uploadedBy: 'records.clerk' });
}

const getJson = async (route: string): Promise<unknown> => (await apiFetch(api.as('all'), route)).json();
const deliveriesOf = async (id: string) =>
  ((await getJson(`/v1/documents/${id}/deliveries`)) as { deliveries: Array<{ sink: string; status: string; attempts: number; error: unknown; updatedAt: string; nextAttemptAt: string | null }> }).deliveries;
/** A change as a signed-in person: corrections are a PATCH, everything else a POST. */
const post = (route: string, user: string, body?: unknown) =>
  apiFetch(people.get(user)!, route, { method: route.endsWith('/fields') ? 'PATCH' : 'POST', json: body ?? {} });
const send = (method: string, route: string, user: string, body: unknown = {}) => apiFetch(people.get(user)!, route, { method, json: body });
const referencesFor = (documentId: string) =>
  fhir.stored<DocumentReference>('DocumentReference').filter((reference) => reference.masterIdentifier?.value === documentId);

describe('filing a captured document', () => {
  it('files a letter whose patient the index confirms and delivers it to the FHIR server once', async () => {
    const id = await capture('fields-clinic-letter-phone-fax.png');
    await waitUntil('it is delivered', 60_000, async () => (await deliveriesOf(id)).some((delivery) => delivery.status === 'delivered'));
    expect(await deliveriesOf(id)).toEqual([expect.objectContaining({ sink: 'epr-fhir', status: 'delivered', attempts: 1 })]);
    const [reference] = referencesFor(id);
    expect(reference.subject?.identifier).toEqual({ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9993048143' });
    expect(reference.type?.coding?.[0]).toMatchObject({ system: 'http://snomed.info/sct', code: '823691000000103' });
    expect(fhir.stored('Binary')).toHaveLength(1);

    // Asked again, the record system gets the document again but stores nothing twice.
    // Only an admin may send it again, and only saying why; both are in the audit trail.
    expect((await post(`/v1/documents/${id}/deliveries/epr-fhir`, 'records.manager')).status).toBe(400);
    const asRecords = await apiFetch(api.as('records'), `/v1/documents/${id}/deliveries/epr-fhir`, { method: 'POST', json: { reason: 'EPR lost it, ticket 4411' } });
    expect(asRecords.status).toBe(403);
    const reason = 'EPR team lost it, ticket INC-4411';
    expect((await post(`/v1/documents/${id}/deliveries/epr-fhir`, 'records.manager', { reason })).status).toBe(202);
    await waitUntil('the re-delivery is done', 60_000, async () => (await deliveriesOf(id))[0].attempts === 2);
    expect(referencesFor(id)).toHaveLength(1);
    const trail = await harness.storage.audit.trailOf(id);
    expect(trail.find((event) => event.action === 'document.redelivery-requested')).toMatchObject({ actor: 'user:records.manager', after: { sink: 'epr-fhir', reason } });
    expect(trail.filter((event) => event.action === 'document.redelivered' && event.actor === 'user:records.manager')).toHaveLength(2);
    // Each delivery is in the trail too: which record system, for which patient.
    const deliveries = await waitUntil('both deliveries are in the audit trail', 10_000, async () => {
      const delivered = (await harness.storage.audit.trailOf(id)).filter((event) => event.action === 'document.delivered');
      return delivered.length === 2 && delivered;
    });
    expect(deliveries.map((event) => event.details)).toEqual([{ sink: 'epr-fhir', redelivery: false }, { sink: 'epr-fhir', redelivery: true }]);
    expect((await post(`/v1/documents/${id}/deliveries/no-such-sink`, 'records.manager', { reason })).status).toBe(400);
  });

  it('sends an unsure document to review, and delivers it once a person approves it with a correction', async () => {
    const id = await capture('fields-outpatient-letter-invalid-nhs.png');
    let itemId = '';
    await waitUntil('the document is in the review queue', 60_000, async () => {
      const { items } = (await getJson('/v1/review?status=open')) as { items: Array<{ id: string; documentId: string; reasons: Array<{ code: string }> }> };
      const item = items.find((candidate) => candidate.documentId === id);
      if (item) {
        itemId = item.id;
        expect(item.reasons.map((reason) => reason.code)).toContain('NO_NHS_NUMBER');
      }
      return item !== undefined;
    });
    expect(await deliveriesOf(id)).toEqual([]);

    expect((await post(`/v1/review/${itemId}/claim`, 'r.patel')).status).toBe(200);
    // An NHS number the index does not know cannot be filed: the approval is refused and the item stays claimed.
    await post(`/v1/review/${itemId}/fields`, 'r.patel', { corrections: { nhsNumber: '9998197082' } });
    const refused = await post(`/v1/review/${itemId}/approve`, 'r.patel');
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'APPROVAL_INCOMPLETE' });

    // The reviewer gives the patient's identity as read from the page; it agrees with the index.
    const stanley = { nhsNumber: '9993769789', given: ['Stanley'], family: 'Bradwell', birthDate: '1939-06-12' };
    expect((await send('POST', `/v1/review/${itemId}/approve`, 'r.patel', { identity: stanley })).status).toBe(200);
    await waitUntil('it is delivered', 60_000, async () => (await deliveriesOf(id)).some((delivery) => delivery.status === 'delivered'));
    const [reference] = referencesFor(id);
    expect(reference.subject?.identifier?.value).toBe('9993769789');
  });

  it('never files a baby\'s summary whose only NHS number is the mother\'s in the mother\'s record', async () => {
    // The baby's summary before her NHS number was issued: the only number on it is labelled as her mother's.
    const truth = readFileSync(path.join(SAMPLES_DIR, 'expected', 'fields-discharge-mother-baby-2pages.txt'), 'utf8');
    pageText = truth.split('\n').filter((line) => line.trim() && !line.includes('999 632 4834'));
    // Any one-page scan will do (the fake engine reads the text above); the two-page PDF is too big for the test FHIR server's Binary limit.
    const id = await uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, 'clean-letter.png')), 'baby-discharge.png', { uploadedBy: 'records.clerk' });
    type Item = { id: string; documentId: string; reasons: Array<{ code: string; message: string }>; extracted: { nhsNumbers: unknown[]; otherPersonsNhsNumbers: Array<{ value: string; who: string }> } };
    const item = await waitUntil('the document is in the review queue', 60_000, async () =>
      ((await getJson('/v1/review?status=open')) as { items: Item[] }).items.find((candidate) => candidate.documentId === id),
    );
    expect(item.reasons.map((reason) => reason.code)).toEqual(['OTHER_PERSONS_NHS_NUMBER_ONLY']);
    expect(item.reasons[0].message).toContain("999 871 3064 is labelled as the mother's");
    // The reviewer sees the mother's number, with whose it is, but it is not offered as the patient's.
    expect(item.extracted.nhsNumbers).toEqual([]);
    expect(item.extracted.otherPersonsNhsNumbers).toEqual([expect.objectContaining({ value: '9998713064', who: 'mother' })]);

    const approve = (body: unknown) => send('POST', `/v1/review/${item.id}/approve`, 'r.patel', body);
    const problemOf = async (response: Response) => {
      expect(response.status).toBe(422);
      const problem = (await response.json()) as { code: string; detail: string };
      expect(problem.code).toBe('APPROVAL_INCOMPLETE');
      return problem.detail;
    };
    expect((await send('POST', `/v1/review/${item.id}/claim`, 'r.patel')).status).toBe(200);

    // One click is not enough: the reviewer must give who the patient is.
    expect(await problemOf(await approve({}))).toMatch(/enter or confirm the patient's NHS number, first name, family name and date of birth.*OTHER_PERSONS_NHS_NUMBER_ONLY/);
    // The mother's number with the baby's name and date of birth disagrees with the index.
    const isla = { given: ['Isla', 'Grace'], family: 'Thornbury', birthDate: '2026-02-03' };
    expect(await problemOf(await approve({ identity: { ...isla, nhsNumber: '9998713064' } }))).toMatch(/date of birth given \(2026-02-03\) differs from the index's for NHS number 999 871 3064/);
    // Even the mother's whole identity is refused: the page says that number is the mother's, not the patient's.
    const kerry = { nhsNumber: '9998713064', given: ['Kerry'], family: 'Thornbury', birthDate: '1994-11-22' };
    expect(await problemOf(await approve({ identity: kerry }))).toMatch(/labelled on the page as the mother's/);
    // A number that fails the check is refused too.
    expect(await problemOf(await approve({ identity: { ...isla, nhsNumber: '9996324835' } }))).toMatch(/not a valid NHS number/);

    const approved = await approve({ identity: { ...isla, nhsNumber: '9996324834' }, note: 'baby identified from the ward list' });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: 'approved', corrections: { ...isla, nhsNumber: '9996324834' } });
    await waitUntil('it is delivered', 60_000, async () => (await deliveriesOf(id)).some((delivery) => delivery.status === 'delivered'), async () => JSON.stringify(await deliveriesOf(id)));
    expect(referencesFor(id).map((reference) => reference.subject?.identifier?.value)).toEqual(['9996324834']);

    // The audit trail shows the refused attempts changed nothing, and how the reason was resolved.
    const { events } = (await getJson(`/v1/review/${item.id}/audit`)) as { events: Array<{ actor: string; action: string; after: Record<string, unknown> }> };
    expect(events.filter((event) => /^review\.(opened|claimed|approved)$/.test(event.action)).map((event) => `${event.actor} ${event.action}`)).toEqual(['recto review.opened', 'user:r.patel review.claimed', 'user:r.patel review.approved']);
    expect(events.find((event) => event.action === 'review.approved')!.after).toMatchObject({
      status: 'approved',
      corrections: { nhsNumber: '9996324834', family: 'Thornbury', birthDate: '2026-02-03' },
      note: 'baby identified from the ward list',
      resolutions: [
        {
          code: 'OTHER_PERSONS_NHS_NUMBER_ONLY',
          resolvedBy: 'identity',
          detail: expect.stringMatching(/NHS number 999 632 4834 as the patient's own, and the NHS number, name and date of birth agree with the patient index/),
        },
      ],
    });
  });

  it('keeps a delivery while the record system is down and delivers it when it is back, once', async () => {
    await fhir.stop();
    const id = await capture('fields-operation-note.png');
    // Filed, but the FHIR server refuses connections: the try is recorded as retrying (the queue
    // tries again 10 s later), never as failed while another try is coming.
    const retrying = await waitUntil('a failed try is recorded', 60_000, async () => (await deliveriesOf(id)).find((delivery) => delivery.status !== 'pending'));
    expect(retrying).toMatchObject({ sink: 'epr-fhir', status: 'retrying', attempts: 1, error: expect.objectContaining({ code: 'SINK_UNAVAILABLE', retryable: true }) });
    const nextAttemptAt = Date.parse(retrying.nextAttemptAt!);
    expect(nextAttemptAt).toBeGreaterThan(Date.now());
    // The first retry waits the delivery backoff's first step (10 s).
    expect(nextAttemptAt - Date.parse(retrying.updatedAt)).toBeGreaterThan(9_000);
    expect(nextAttemptAt - Date.parse(retrying.updatedAt)).toBeLessThan(11_000);
    await fhir.restart();
    await waitUntil('it is delivered', 90_000, async () => (await deliveriesOf(id)).some((delivery) => delivery.status === 'delivered'));
    expect(await deliveriesOf(id)).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2, error: null, nextAttemptAt: null })]);
    expect(referencesFor(id)).toHaveLength(1);
  }, 120_000);

  it('marks a delivery the record system refuses for good as failed, with no next try', async () => {
    // A 4xx with an OperationOutcome is SINK_REJECTED: sending the same again would be refused again.
    fhir.rejectNextTransaction(422, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: 'DocumentReference.type is not accepted here' }] });
    const id = await capture('fields-gp-record-lloyd-george.png');
    const failed = await waitUntil('the refusal is recorded', 60_000, async () => (await deliveriesOf(id)).find((delivery) => delivery.status !== 'pending'));
    expect(failed).toMatchObject({ sink: 'epr-fhir', status: 'failed', attempts: 1, nextAttemptAt: null, error: expect.objectContaining({ code: 'SINK_REJECTED', retryable: false }) });
  }, 120_000);
});
