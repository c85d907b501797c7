import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import type { OcrResult } from '../../src/core/types.ts';
import { extractedFieldsOf, patientForApproval } from '../../src/review/approval-patient.ts';
import { deliverDocument } from '../../src/filing/deliver-document.ts';
import { buildDeliverable } from '../../src/filing/deliverable.ts';
import { fileDocument, PATIENT_INDEX_AMBIGUOUS, type FilingResult } from '../../src/filing/file-document.ts';
import { openTrustServices, type TrustServices } from '../../src/filing/open-trust-services.ts';
import { routeDocument } from '../../src/stages/decide/route-document.ts';
import { parseTrustConfig, type TrustConfig } from '../../src/filing/trust-config.ts';
import type { PatientIndex } from '../../src/matching/patient-index.ts';
import { storeOcrResult } from '../../src/storage/page-artifacts.ts';
import type { DeliverableDocument, DeliveryReceipt, DocumentSink } from '../../src/sinks/sink.ts';
import { type EmbeddedStorage, openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import { expectRectoError } from '../support/expect-error.ts';
import { ocrFromTruth } from '../support/ocr-fixtures.ts';

/**
 * Filing end to end on real embedded storage (SQLite + blob folder), the samples' invented
 * patient index as a CSV file, a real Lloyd George file drop and a counting stand-in for the
 * FHIR sink. Documents are seeded as the queue leaves them: pages with stored OCR results made
 * from the samples' true text, a PDF blob, status done.
 */

const SAMPLES = path.resolve(import.meta.dirname, '../../samples');

let dir: string;
let storage: EmbeddedStorage;
let config: TrustConfig;
let services: TrustServices;
let seeded = 0;

function trustConfigInput(patientIndex: Record<string, unknown>) {
  return {
    custodianOds: 'RZZ',
    // Pinned, so the samples' 2026 dates stay in the past whatever day the tests run.
    extraction: { mrnPattern: '[A-Z]{2}\\d{7}', referenceDate: '2026-11-26' },
    patientIndex,
    sinks: [
      // Never contacted: the tests hand deliverDocument a counting stand-in under this name.
      { name: 'epr-fhir', type: 'fhir', baseUrl: 'http://127.0.0.1:9/R4' },
      { name: 'lloyd-george', type: 'file-drop', folder: 'drop' },
    ],
    routing: [
      { sink: 'epr-fhir', documentTypes: ['*'] },
      { sink: 'lloyd-george', documentTypes: ['gp-record'] },
    ],
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recto-filing-'));
  copyFileSync(path.join(SAMPLES, 'trust', 'patient-index.example.csv'), path.join(dir, 'patients.csv'));
  config = parseTrustConfig(trustConfigInput({ type: 'csv', path: 'patients.csv' }), { baseDir: dir }).config;
  storage = openEmbeddedStorage({ dataDir: path.join(dir, 'data') });
  services = await openTrustServices(config);
});

afterAll(async () => {
  await services?.close();
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A finished document made from a sample's true text; `null` pages have no OCR (blank, dropped). */
async function seedDocument(sample: string, options: { blankPageFirst?: boolean; status?: 'done' | 'processing' } = {}): Promise<string> {
  const truth = readFileSync(path.join(SAMPLES, 'expected', `${sample}.txt`), 'utf8');
  const pages: Array<OcrResult | null> = ocrFromTruth(truth);
  if (options.blankPageFirst) pages.unshift(null);
  // Each seeded document is its own upload, even of the same sample.
  const original = await storage.blobs.putBuffer(Buffer.from(`${truth}\n#${++seeded}`));
  const { document } = await storage.metadata.createDocumentIfAbsent({
    sha256: original.sha256,
    originalKey: original.key,
    fileName: `${sample}.png`,
    sizeBytes: original.sizeBytes,
    format: 'png',
    metadata: { uploadedBy: 'scanner.ward7' },
  });
  for (const [index, ocr] of pages.entries()) {
    if (ocr) await storage.metadata.upsertPage(document.id, index, { status: 'ocr_done', ocrKey: await storeOcrResult(storage.blobs, ocr) });
    else await storage.metadata.upsertPage(document.id, index, { status: 'cleaned' });
  }
  const pdf = await storage.blobs.putBuffer(Buffer.from(`%PDF-1.7 stand-in for ${sample} #${seeded}`));
  await storage.metadata.updateDocument(document.id, { status: 'processing', pageCount: pages.length });
  if (options.status !== 'processing') await storage.metadata.updateDocument(document.id, { status: 'done', outputs: { pdfKey: pdf.key } });
  return document.id;
}

function file(documentId: string, index: PatientIndex = services.index, trust: TrustConfig = config): Promise<FilingResult> {
  return fileDocument({ storage, review: storage.review, audit: storage.audit, index, config: trust, documentId });
}

async function deliverableFor(documentId: string, result: FilingResult): Promise<DeliverableDocument> {
  if (result.outcome !== 'filed') throw new Error(`expected filed, got ${result.outcome}`);
  const document = (await storage.metadata.getDocument(documentId))!;
  const pdf = await storage.blobs.get(document.outputs.pdfKey!);
  return buildDeliverable({ document, pdf, fields: result.fields, patient: result.patient, config });
}

/** Stands in for a record system: counts what reaches it, failing first with the errors given. */
function countingSink(name: string, failures: unknown[] = []): DocumentSink & { calls: number; received: DeliverableDocument[] } {
  const sink = {
    name,
    calls: 0,
    received: [] as DeliverableDocument[],
    async deliver(document: DeliverableDocument): Promise<DeliveryReceipt> {
      sink.calls++;
      if (failures.length > 0) throw failures.shift();
      sink.received.push(document);
      return { sink: name, remoteId: `DocumentReference/${document.documentId}`, alreadyDelivered: false };
    },
  };
  return sink;
}

function reviewOf(result: FilingResult) {
  if (result.outcome !== 'review') throw new Error(`expected review, got ${result.outcome}`);
  return result;
}

describe('filing a document', () => {
  it('files a letter whose patient is in the index with agreeing name and date of birth, and routes it', async () => {
    const documentId = await seedDocument('fields-clinic-letter-phone-fax');
    const result = await file(documentId);
    expect(result).toMatchObject({ outcome: 'filed', patient: { nhsNumber: '9993048143', family: 'Marchetti' }, sinks: ['epr-fhir'] });

    const trail = await storage.audit.trailOf(documentId);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      actor: 'recto',
      action: 'document.filed',
      subjectId: documentId,
      after: {
        nhsNumber: '9993048143',
        documentType: 'clinic-letter',
        sinks: ['epr-fhir'],
        evidence: { agreed: ['nhsNumber', 'patientName', 'birthDate', 'mrn'], confirmingMrns: 1 },
      },
    });
    // The audit trail names the decision, not the patient: no name or date of birth in it.
    expect(JSON.stringify(trail)).not.toMatch(/Marchetti|Evelyn|1948/);
  });

  it('files once when run twice: one audit event, the same answer', async () => {
    const documentId = await seedDocument('fields-consent-form');
    const first = await file(documentId);
    const second = await file(documentId);
    expect(second).toEqual(first);
    expect((await storage.audit.trailOf(documentId)).map((event) => event.action)).toEqual(['document.filed']);
  });

  it('reads every page, counting a page without OCR as empty, and keeps page numbers right', async () => {
    const documentId = await seedDocument('fields-gp-record-lloyd-george', { blankPageFirst: true });
    const result = await file(documentId);
    expect(result).toMatchObject({ outcome: 'filed', patient: { nhsNumber: '9993225010' }, sinks: ['epr-fhir', 'lloyd-george'] });
    expect(result.outcome === 'filed' && result.fields.nhsNumbers[0].foundAt.page).toBe(1);
  });

  it.each([
    { sample: 'fields-outpatient-letter-invalid-nhs', reason: 'NO_NHS_NUMBER', why: 'its NHS number fails the modulus 11 check' },
    { sample: 'fields-outpatient-letter-invalid-nhs', reason: 'NHS_NUMBER_UNREADABLE', why: 'the number after its "NHS No:" label cannot be read' },
    { sample: 'fields-discharge-mother-baby-2pages', reason: 'MRN_DISAGREES', why: 'it shows the mother\'s hospital number beside the baby\'s (her NHS number is kept apart as hers)' },
    { sample: 'fields-referral-letter-gp', reason: 'NHS_NUMBER_NOT_IN_INDEX', why: 'its patient is not in the index' },
    { sample: 'fields-radiology-report', reason: 'DOB_DISAGREES', why: 'the index has its date of birth with day and month swapped' },
  ])('sends $sample to review with $reason: $why', async ({ sample, reason }) => {
    const documentId = await seedDocument(sample);
    const result = reviewOf(await file(documentId));
    expect(result.reasons.map((found) => found.code)).toContain(reason);

    const item = (await storage.review.getItem(result.reviewItemId))!;
    expect(item).toMatchObject({ documentId, status: 'open', reasons: result.reasons });
    expect(item.extracted).toMatchObject({ documentType: { key: expect.any(String) }, nhsNumbers: expect.any(Array) });
    const trail = await storage.audit.trailOf(documentId);
    expect(trail.map((event) => event.action)).toEqual(['document.sent-to-review']);
    expect(trail[0].after).toMatchObject({ reviewItemId: item.id, reasons: result.reasons.map((found) => found.code) });
  });

  it('keeps where each reason was read, so the reviewer sees the crop', async () => {
    const result = reviewOf(await file(await seedDocument('fields-discharge-mother-baby-2pages')));
    // The baby's own number, name and date of birth agree; the mother's NHS number is not a reason, her hospital number is.
    expect(result.reasons.map((found) => found.code)).toEqual(['MRN_DISAGREES']);
    const mrn = result.reasons.find((found) => found.code === 'MRN_DISAGREES')!;
    expect(mrn).toMatchObject({ field: 'mrn', foundAt: { page: 0, bbox: expect.any(Object) } });
  });

  it('opens one item when run twice, and does not reopen it once a reviewer has decided', async () => {
    const documentId = await seedDocument('fields-outpatient-letter-invalid-nhs');
    const first = reviewOf(await file(documentId));
    const second = reviewOf(await file(documentId));
    expect(second.reviewItemId).toBe(first.reviewItemId);
    expect((await storage.audit.trailOf(first.reviewItemId)).map((event) => event.action)).toEqual(['review.opened']);

    await storage.review.claim(first.reviewItemId, 'r.patel');
    await storage.review.decide(first.reviewItemId, 'r.patel', 'rejected', 'not our patient');
    const afterDecision = reviewOf(await file(documentId));
    expect(afterDecision.reviewItemId).toBe(first.reviewItemId);
    expect((await storage.review.getItem(first.reviewItemId))!.status).toBe('rejected');
    expect((await storage.audit.trailOf(documentId)).map((event) => event.action)).toEqual(['document.sent-to-review']);
  });

  it('never files a document a person is reviewing, but decides afresh once it is reprocessed after a rejection', async () => {
    const documentId = await seedDocument('fields-referral-letter-gp');
    const first = reviewOf(await file(documentId));

    // Reprocessed (a rescan of the right page, say) while the item is still open: the person decides.
    const rescan = ocrFromTruth(readFileSync(path.join(SAMPLES, 'expected', 'fields-consent-form.txt'), 'utf8'));
    await storage.metadata.updateDocument(documentId, { status: 'queued' });
    await storage.metadata.updateDocument(documentId, { status: 'processing' });
    await storage.metadata.upsertPage(documentId, 0, { ocrKey: await storeOcrResult(storage.blobs, rescan[0]) });
    await storage.metadata.updateDocument(documentId, { status: 'done' });
    expect(reviewOf(await file(documentId)).reviewItemId).toBe(first.reviewItemId);

    // Rejected as the wrong page: the new OCR is decided on its own merits.
    await storage.review.claim(first.reviewItemId, 'r.patel');
    await storage.review.decide(first.reviewItemId, 'r.patel', 'rejected', 'wrong page; rescanned');
    expect(await file(documentId)).toMatchObject({ outcome: 'filed', patient: { nhsNumber: '9995540746' } });
    expect((await storage.audit.trailOf(documentId)).map((event) => event.action)).toEqual(['document.sent-to-review', 'document.filed']);
  });

  it('waits for a document still being processed, and names a missing one', async () => {
    await expectRectoError(file(await seedDocument('fields-drug-chart', { status: 'processing' })), 'OUTPUT_NOT_READY');
    await expectRectoError(file('doc_01JZ9999999999999999999999'), 'DOCUMENT_NOT_FOUND');
  });
});

describe('when the patient index cannot answer', () => {
  const failingIndex = (error: RectoError): PatientIndex => ({
    findByNhsNumber: async () => {
      throw error;
    },
    findByMrn: async () => [],
    findByNameAndBirthDate: async () => [],
  });

  it('lets an outage propagate (the job retries) and records nothing', async () => {
    const documentId = await seedDocument('fields-pathology-report');
    const outage = failingIndex(new RectoError('PATIENT_INDEX_UNAVAILABLE', 'patient index could not be read: ECONNREFUSED'));
    await expectRectoError(file(documentId, outage), 'PATIENT_INDEX_UNAVAILABLE');
    expect(await storage.audit.trailOf(documentId)).toEqual([]);
  });

  it('sends a document to review when a FHIR index holds two patients with its NHS number', async () => {
    const fhirConfig = parseTrustConfig(
      trustConfigInput({ type: 'fhir', baseUrl: 'http://127.0.0.1:9/R4', mrnIdentifierSystem: 'https://rzz-trust.example/Id/mrn' }),
      { baseDir: dir },
    ).config;
    const duplicate = new RectoError('INVALID_PATIENT_INDEX', '2 Patient records (Patient/a1, Patient/b2) on http://127.0.0.1:9/R4 carry the same NHS number: a person must decide which is right');
    const documentId = await seedDocument('fields-observation-chart');
    const result = reviewOf(await file(documentId, failingIndex(duplicate), fhirConfig));
    expect(result.reasons).toEqual([{ code: PATIENT_INDEX_AMBIGUOUS, message: expect.stringContaining('Patient/a1, Patient/b2') }]);
  });

  it('lets a malformed CSV index fail the job rather than flood the review queue', async () => {
    const broken = new RectoError('INVALID_PATIENT_INDEX', 'patients.csv: line 7: birth_date "07/04/1936" is not a real date written YYYY-MM-DD');
    const documentId = await seedDocument('fields-observation-chart');
    await expectRectoError(file(documentId, failingIndex(broken)), 'INVALID_PATIENT_INDEX');
    expect(await storage.audit.trailOf(documentId)).toEqual([]);
  });
});

describe('approving a reviewed document', () => {
  it('builds the deliverable with the reviewer\'s corrections and the patient from the index', async () => {
    const documentId = await seedDocument('fields-outpatient-letter-invalid-nhs');
    const { reviewItemId } = reviewOf(await file(documentId));
    await storage.review.claim(reviewItemId, 'r.patel');

    // A number the index does not know cannot be approved, however valid.
    await storage.review.correct(reviewItemId, 'r.patel', { nhsNumber: '9998197082', given: ['Stanley'], family: 'Bradwell', birthDate: '1939-06-12' });
    await expectRectoError(patientForApproval((await storage.review.getItem(reviewItemId))!, services.index), 'APPROVAL_INCOMPLETE');

    await storage.review.correct(reviewItemId, 'r.patel', { nhsNumber: '9993769789', documentType: 'clinic-letter', department: 'Glaucoma Service' });
    const item = await storage.review.decide(reviewItemId, 'r.patel', 'approved');
    const patient = await patientForApproval(item, services.index);
    const document = (await storage.metadata.getDocument(documentId))!;
    const deliverable = buildDeliverable({
      document,
      pdf: await storage.blobs.get(document.outputs.pdfKey!),
      fields: extractedFieldsOf(item),
      patient,
      corrections: item.corrections,
      config,
      userId: item.decidedBy!,
    });
    expect(deliverable.patient).toEqual({ nhsNumber: '9993769789', given: ['Stanley'], family: 'Bradwell', birthDate: '1939-06-12', mrn: 'SA6630218', gpPracticeOds: 'Z99045' });
    expect(deliverable).toMatchObject({ documentType: { key: 'clinic-letter' }, department: 'Glaucoma Service', author: 'Miss Clara Vennison', userId: 'r.patel', custodianOds: 'RZZ' });
    expect(routeDocument(config, deliverable.documentType.key)).toEqual(['epr-fhir']);

    const epr = countingSink('epr-fhir');
    await deliverDocument({ sink: epr, deliverable, deliveries: storage.deliveries, audit: storage.audit });
    expect(epr.received.map((received) => received.patient.nhsNumber)).toEqual(['9993769789']);
  });
});

describe('delivering', () => {
  it('delivers to the file drop once however often it is asked: one PDF, one metadata row', async () => {
    const documentId = await seedDocument('fields-gp-record-lloyd-george');
    const deliverable = await deliverableFor(documentId, await file(documentId));
    const drop = services.sinks.get('lloyd-george')!;

    const first = await deliverDocument({ sink: drop, deliverable, deliveries: storage.deliveries, audit: storage.audit });
    const again = await deliverDocument({ sink: drop, deliverable, deliveries: storage.deliveries, audit: storage.audit });
    expect(first).toMatchObject({ sink: 'lloyd-george', alreadyDelivered: false, remoteId: expect.stringMatching(/^Z99033\/.*Thornton.*9993225010/) });
    expect(again).toEqual({ ...first, alreadyDelivered: true });
    // Even with the delivery record lost (a crash before it was written), the sink writes nothing twice.
    expect(await drop.deliver(deliverable)).toMatchObject({ remoteId: first.remoteId, alreadyDelivered: true });

    expect(readdirSync(path.join(dir, 'drop', 'Z99033'))).toEqual([path.basename(first.remoteId)]);
    const csvRows = readFileSync(path.join(dir, 'drop', 'metadata.csv'), 'utf8').trim().split('\n');
    expect(csvRows).toHaveLength(2);
    expect(await storage.deliveries.listOf(documentId)).toEqual([
      expect.objectContaining({ sink: 'lloyd-george', status: 'delivered', attempts: 1, error: null, receipt: expect.objectContaining({ remoteId: first.remoteId }) }),
    ]);
  });

  it('records a failing sink as failed with its error, then delivered on the next try, and sends nothing more', async () => {
    const documentId = await seedDocument('fields-operation-note');
    const deliverable = await deliverableFor(documentId, await file(documentId));
    const epr = countingSink('epr-fhir', [new RectoError('SINK_UNAVAILABLE', 'POST http://127.0.0.1:9/R4: 503 Service Unavailable')]);

    const error = await expectRectoError(deliverDocument({ sink: epr, deliverable, deliveries: storage.deliveries, audit: storage.audit }), 'SINK_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(await storage.deliveries.listOf(documentId)).toEqual([
      expect.objectContaining({ sink: 'epr-fhir', status: 'failed', attempts: 1, receipt: null, error: error.toJSON() }),
    ]);

    const receipt = await deliverDocument({ sink: epr, deliverable, deliveries: storage.deliveries, audit: storage.audit });
    expect(receipt).toEqual({ sink: 'epr-fhir', remoteId: `DocumentReference/${documentId}`, alreadyDelivered: false });
    expect(await storage.deliveries.listOf(documentId)).toEqual([
      expect.objectContaining({ sink: 'epr-fhir', status: 'delivered', attempts: 2, error: null, receipt }),
    ]);

    await deliverDocument({ sink: epr, deliverable, deliveries: storage.deliveries, audit: storage.audit });
    expect(epr.calls).toBe(2);
    expect(epr.received).toHaveLength(1);
  });

  it('stores a refusal as permanent, and anything a sink throws as a RectoError', async () => {
    const documentId = await seedDocument('fields-pathology-report');
    const deliverable = await deliverableFor(documentId, await file(documentId));
    const refused = countingSink('epr-fhir', [new RectoError('SINK_REJECTED', '422: DocumentReference.subject is required')]);
    await expectRectoError(deliverDocument({ sink: refused, deliverable, deliveries: storage.deliveries, audit: storage.audit }), 'SINK_REJECTED');
    expect((await storage.deliveries.listOf(documentId))[0].error).toMatchObject({ code: 'SINK_REJECTED', retryable: false });

    const buggy = countingSink('pas-hl7', [new TypeError('cannot read properties of undefined')]);
    await expectRectoError(deliverDocument({ sink: buggy, deliverable, deliveries: storage.deliveries, audit: storage.audit }), 'INTERNAL');
    const deliveries = await storage.deliveries.listOf(documentId);
    expect(deliveries.map((delivery) => [delivery.sink, delivery.status, delivery.error?.code])).toEqual([
      ['epr-fhir', 'failed', 'SINK_REJECTED'],
      ['pas-hl7', 'failed', 'INTERNAL'],
    ]);
  });
});
