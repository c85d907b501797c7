import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DocumentReference, Patient } from '@medplum/fhirtypes';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds } from '../../queues/names.ts';
import type { OcrEngine } from '../../src/engines/ocr-engine.ts';
import { requeueStranded } from '../../src/service/requeue-stranded.ts';
import { NHS_NUMBER_SYSTEM } from '../../src/sinks/fhir/nhs-systems.ts';
import { layOut } from '../support/fake-ocr-engine.ts';
import { type FhirTestServer, startFhirTestServer } from '../support/fhir-test-server.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone, waitUntil } from '../support/service-client.ts';
import { type ApiTarget, apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';

/**
 * Filing that runs out of tries, and re-filing it: the trust's patient index is a FHIR server
 * that is down for longer than the file job's tries (two, 100 ms apart), so the document ends
 * with `filing.status` failed and the index's error in the API; once the index is back, a
 * re-file through the API files it, exactly once, and delivers it once to the record system (a
 * second FHIR server). OCR is faked with the sample's true text: this is about filing.
 */

const MRN_SYSTEM = 'https://fhir.rzz-trust.example/Id/mrn';
/** Invented, as in samples/trust/patient-index.example.csv; the NHS number is in the test range. */
const EVELYN: Patient = {
  resourceType: 'Patient',
  identifier: [
    { system: NHS_NUMBER_SYSTEM, value: '9993048143' },
    { system: MRN_SYSTEM, value: 'RZ0000001' },
    { system: MRN_SYSTEM, value: 'KB2209471' },
  ],
  name: [{ use: 'official', family: 'Marchetti', given: ['Evelyn', 'Rose'] }],
  birthDate: '1948-09-17',
};
const NIGEL: Patient = {
  resourceType: 'Patient',
  identifier: [
    { system: NHS_NUMBER_SYSTEM, value: '9995540746' },
    { system: MRN_SYSTEM, value: 'KB8802265' },
  ],
  name: [{ use: 'official', family: 'Brierley', given: ['Nigel', 'Patrick'] }],
  birthDate: '1969-01-15',
};

let configDir: string;
let patientIndex: FhirTestServer;
let epr: FhirTestServer;
let harness: QueueHarness;
let api: TestApi;
let records: ApiTarget;
let pageText: string[] = [];

const engine: OcrEngine = { name: 'fake', version: 'fake-ocr 1', recognize: async () => layOut(pageText), close: async () => undefined };

beforeAll(async () => {
  patientIndex = await startFhirTestServer();
  patientIndex.add(EVELYN);
  patientIndex.add(NIGEL);
  epr = await startFhirTestServer();
  configDir = mkdtempSync(path.join(os.tmpdir(), 'recto-refile-'));
  const example = JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'trust', 'trust-config.example.json'), 'utf8'));
  writeFileSync(
    path.join(configDir, 'trust.json'),
    JSON.stringify({
      custodianOds: example.custodianOds,
      extraction: example.extraction,
      patientIndex: { type: 'fhir', baseUrl: patientIndex.baseUrl, mrnIdentifierSystem: MRN_SYSTEM, timeoutMs: 2000 },
      sinks: [{ name: 'epr-fhir', type: 'fhir', baseUrl: epr.baseUrl, documentIdentifierSystem: 'https://recto.rzz-trust.example/Id/document', timeoutMs: 5000 }],
      routing: [{ sink: 'epr-fhir', documentTypes: ['*'] }],
    }),
  );
  harness = await startQueueHarness('refile', engine, { trustConfig: path.join(configDir, 'trust.json'), filingRetries: { attempts: 2, backoffMs: 100 } });
  api = await startTestApi(harness, { review: harness.review, filing: harness.filing });
  records = await api.user('records.clerk', ['records']);
});

afterAll(async () => {
  await api?.app.close();
  await harness?.stop();
  await patientIndex?.stop();
  await epr?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

interface DocumentAnswer {
  id: string;
  status: string;
  filing: { status: string; attempts: number; error: { code: string; hint: string } | null; updatedAt: string } | null;
}

async function capture(sample: string): Promise<string> {
  pageText = readFileSync(path.join(SAMPLES_DIR, 'expected', `${path.parse(sample).name}.txt`), 'utf8').split('\n').filter((line) => line.trim());
  return uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, sample)), sample);
}

const documentOf = async (id: string): Promise<DocumentAnswer> => (await apiFetch(api.as('records'), `/v1/documents/${id}`)).json() as Promise<DocumentAnswer>;
const filingOf = async (id: string) => (await documentOf(id)).filing;
const refile = (id: string, as: ApiTarget = records) => apiFetch(as, `/v1/documents/${id}/refile`, { method: 'POST', json: {} });
const deliveriesOf = async (id: string) =>
  ((await (await apiFetch(api.as('records'), `/v1/documents/${id}/deliveries`)).json()) as { deliveries: Array<{ sink: string; status: string; attempts: number }> }).deliveries;

describe('a filing that runs out of tries', () => {
  it('ends failed with the patient index error in the API, and files exactly once when re-filed after the index is back', async () => {
    await patientIndex.stop();
    const id = await capture('fields-clinic-letter-phone-fax.png');

    const failed = await waitUntil('the filing has failed', 30_000, async () => (await filingOf(id))?.status === 'failed' && filingOf(id), async () => JSON.stringify(await filingOf(id)));
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'PATIENT_INDEX_UNAVAILABLE', retryable: true } });
    expect(failed!.error!.hint).toMatch(/patient index/);
    // Captured all the same: the capture status is not the filing's.
    expect((await documentOf(id)).status).toBe('done');
    // Listed for whoever looks for what needs re-filing.
    const listed = (await (await apiFetch(api.as('records'), '/v1/documents?filing=failed')).json()) as { documents: DocumentAnswer[] };
    expect(listed.documents.map((document) => document.id)).toEqual([id]);
    // Nothing was decided or sent while the index was down.
    expect((await harness.storage.audit.trailOf(id)).filter((event) => event.actor === 'recto')).toEqual([]);
    expect(await deliveriesOf(id)).toEqual([]);

    await patientIndex.restart();
    const accepted = await refile(id);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ id, status: 'done', filing: { status: 'pending', attempts: 2, error: null } });
    // A second ask while the first is pending is refused: queued work is never doubled.
    const again = await refile(id);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'FILING_NOT_FAILED', retryable: false, hint: expect.stringMatching(/re-filed/) });

    await waitUntil('it is filed', 30_000, async () => (await filingOf(id))?.status === 'filed', async () => JSON.stringify(await filingOf(id)));
    await waitUntil('it is delivered', 30_000, async () => (await deliveriesOf(id)).some((delivery) => delivery.status === 'delivered'));
    expect(await deliveriesOf(id)).toEqual([expect.objectContaining({ sink: 'epr-fhir', status: 'delivered', attempts: 1 })]);
    expect(epr.stored<DocumentReference>('DocumentReference').filter((reference) => reference.masterIdentifier?.value === id)).toHaveLength(1);

    const trail = await harness.storage.audit.trailOf(id);
    expect(trail.filter((event) => event.action === 'document.filed')).toEqual([expect.objectContaining({ actor: 'recto', after: expect.objectContaining({ nhsNumber: '9993048143' }) })]);
    expect(trail.find((event) => event.action === 'document.refile-requested')).toMatchObject({
      actor: 'user:records.clerk',
      before: { filing: 'failed', error: 'PATIENT_INDEX_UNAVAILABLE', attempts: 1 },
      after: { filing: 'pending', attempts: 2 },
    });
    // Every call to the route is an access event too, the refused one included.
    const calls = trail.filter((event) => event.action === 'document.refiled');
    expect(calls.map((event) => (event.details as { status: number }).status)).toEqual([202, 409]);

    // Filed is settled: re-filing it is refused, and nothing is sent again.
    expect((await (await refile(id)).json()) as { code: string }).toMatchObject({ code: 'FILING_NOT_FAILED' });
    expect((await filingOf(id))?.status).toBe('filed');
  }, 90_000);

  it('refuses to re-file a document sent to review, or one that does not exist', async () => {
    const id = await capture('fields-outpatient-letter-invalid-nhs.png');
    await waitUntil('it is in review', 30_000, async () => (await filingOf(id))?.status === 'review', async () => JSON.stringify(await filingOf(id)));
    const refused = await refile(id);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'FILING_NOT_FAILED', detail: expect.stringMatching(/is review/) });
    expect((await filingOf(id))).toMatchObject({ status: 'review', attempts: 1 });
    expect((await refile('doc_00000000000000000000000000')).status).toBe(404);
  }, 60_000);

  it('queues the file job of a pending filing again when Redis has lost it, as `recto serve` does at start and on reconnect', async () => {
    const fileQueue = new Queue(harness.names.file, { connection: harness.connection, prefix: harness.names.prefix });
    try {
      await fileQueue.pause();
      const id = await capture('fields-consent-form.png');
      const jobId = jobIds.file(id, 1);
      await waitUntil('its file job waits', 10_000, async () => (await fileQueue.getJobState(jobId)) === 'waiting');
      expect(await filingOf(id)).toMatchObject({ status: 'pending', attempts: 1 });
      // Redis comes back without its newest writes: the job is gone, the document still pending.
      await fileQueue.remove(jobId);
      expect(await fileQueue.getJobState(jobId)).toBe('unknown');

      await requeueStranded(harness.storage, harness.queue, harness.filing!.context.queues);
      expect(await fileQueue.getJobState(jobId)).toBe('waiting');
      // Again is a no-op: the same job id.
      await requeueStranded(harness.storage, harness.queue, harness.filing!.context.queues);
      expect(await fileQueue.getJobCounts('waiting')).toEqual({ waiting: 1 });

      await fileQueue.resume();
      await waitUntil('it is filed', 30_000, async () => (await filingOf(id))?.status === 'filed', async () => JSON.stringify(await filingOf(id)));
      expect((await harness.storage.audit.trailOf(id)).filter((event) => event.action === 'document.filed')).toHaveLength(1);
    } finally {
      await fileQueue.resume();
      await fileQueue.close();
    }
  }, 60_000);

  it('lets records staff and admins re-file, and no one else', async () => {
    const missing = 'doc_00000000000000000000000000';
    for (const role of ['records', 'admin'] as const) expect((await refile(missing, api.as(role))).status, role).toBe(404);
    for (const role of ['reviewer', 'clinician'] as const) {
      const answer = await refile(missing, api.as(role));
      expect(answer.status, role).toBe(403);
      expect(await answer.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await refile(missing, api.anonymous)).status).toBe(401);
    // A change: JSON only, like every other.
    const form = await apiFetch(records, `/v1/documents/${missing}/refile`, { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
  });
});
