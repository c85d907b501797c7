import { createHash } from 'node:crypto';
import type { Binary, Bundle, DocumentReference } from '@medplum/fhirtypes';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidNhsNumber } from '../../src/core/nhs-number.ts';
import { RectoError } from '../../src/core/errors.ts';
import { buildDocumentBundle } from '../../src/sinks/fhir/document-bundle.ts';
import { FhirDocumentSink } from '../../src/sinks/fhir/fhir-document-sink.ts';
import { NHS_NUMBER_SYSTEM, UK_CORE_DOCUMENT_REFERENCE_PROFILE } from '../../src/sinks/fhir/nhs-systems.ts';
import type { DeliverableDocument } from '../../src/sinks/sink.ts';
import { newDocumentId } from '../../src/storage/document-id.ts';
import { bundleIssues } from '../support/fhir-validation.ts';
import { type FhirTestServer, startFhirTestServer } from '../support/fhir-test-server.ts';
import { expectRectoError } from '../support/expect-error.ts';

/** The FHIR sink against a real HTTP FHIR server on loopback, every resource checked by a FHIR validator. */

const DOCUMENT_SYSTEM = 'https://recto.nhs.example/Id/document';
const TOKEN = 'test-token-not-a-secret';
let server: FhirTestServer;
let pdf: Buffer;

beforeAll(async () => {
  server = await startFhirTestServer({ bearerToken: TOKEN });
  pdf = await dischargeSummaryPdf();
});
afterAll(() => server.stop());

function sink(options: { timeoutMs?: number } = {}): FhirDocumentSink {
  return new FhirDocumentSink({ baseUrl: server.baseUrl, bearerToken: TOKEN, documentIdentifierSystem: DOCUMENT_SYSTEM, ...options });
}

/** A one-page PDF made by pdf-lib: real bytes, invented patient. */
async function dischargeSummaryPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  page.drawText('DISCHARGE SUMMARY  NHS No: 999 000 0018  Name: Ada EXAMPLE', { x: 50, y: 780, size: 11, font });
  // Fixed dates keep the bytes the same on every run.
  document.setCreationDate(new Date('2024-03-04T00:00:00Z'));
  document.setModificationDate(new Date('2024-03-04T00:00:00Z'));
  return Buffer.from(await document.save());
}

function deliverable(overrides: Partial<DeliverableDocument> = {}): DeliverableDocument {
  return {
    documentId: newDocumentId(Date.now()),
    sha256: createHash('sha256').update('original scan').digest('hex'),
    pdf,
    pageCount: 1,
    fileName: 'ward7-0012.tif',
    title: 'Discharge summary 2024-03-01',
    documentType: { key: 'discharge-summary', snomedCode: '373942005', display: 'Discharge summary', confidence: 92, evidence: [] },
    patient: { nhsNumber: '9990000018', given: ['Ada'], family: 'Example', birthDate: '1950-02-01', mrn: 'RX1-000123' },
    documentDate: '2024-03-01',
    author: 'Dr B. Invented',
    department: 'Cardiology',
    custodianOds: 'RX1',
    scannedAt: '2024-03-04T09:15:00Z',
    ...overrides,
  };
}

function documentReferencesFor(documentId: string): DocumentReference[] {
  return server.stored<DocumentReference>('DocumentReference').filter((reference) => reference.masterIdentifier?.value === documentId);
}

function binariesFor(documentId: string): Binary[] {
  const references = documentReferencesFor(documentId).map((reference) => `DocumentReference/${reference.id}`);
  return server.stored<Binary>('Binary').filter((binary) => references.includes(binary.securityContext?.reference ?? ''));
}

describe('the transaction Bundle', () => {
  it('passes the FHIR R4 validator with no issue at all, the Bundle and each resource', () => {
    const bundle = buildDocumentBundle(deliverable(), DOCUMENT_SYSTEM);
    expect(bundleIssues(bundle)).toEqual([]);
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry?.map((entry) => entry.resource?.resourceType)).toEqual(['Binary', 'DocumentReference']);
  });

  it('carries the UK Core elements: identifier, status, type, subject by NHS number, date, custodian, attachment', () => {
    const document = deliverable();
    expect(isValidNhsNumber(document.patient.nhsNumber)).toBe(true);
    const [binaryEntry, referenceEntry] = buildDocumentBundle(document, DOCUMENT_SYSTEM).entry ?? [];
    const reference = referenceEntry.resource as DocumentReference;
    expect(reference.meta?.profile).toEqual([UK_CORE_DOCUMENT_REFERENCE_PROFILE]);
    expect(reference).toMatchObject({
      masterIdentifier: { system: DOCUMENT_SYSTEM, value: document.documentId },
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: 'http://snomed.info/sct', code: '373942005', display: 'Discharge summary' }] },
      subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: '9990000018' }, display: 'Ada Example' },
      date: '2024-03-04T09:15:00.000Z',
      author: [{ display: 'Dr B. Invented' }],
      custodian: { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RX1' } },
      context: { practiceSetting: { text: 'Cardiology' } },
    });
    expect(reference.content[0].attachment).toEqual({
      contentType: 'application/pdf',
      url: binaryEntry.fullUrl,
      size: pdf.length,
      hash: createHash('sha1').update(pdf).digest('base64'),
      title: 'Discharge summary 2024-03-01',
      creation: '2024-03-01',
    });
    expect(binaryEntry.fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(referenceEntry.request).toEqual({
      method: 'POST',
      url: 'DocumentReference',
      ifNoneExist: `identifier=${encodeURIComponent(`${DOCUMENT_SYSTEM}|${document.documentId}`)}`,
    });
    expect(Buffer.from((binaryEntry.resource as Binary).data ?? '', 'base64').equals(pdf)).toBe(true);
  });

  it('is the same, byte for byte, every time the same document is built', () => {
    const document = deliverable();
    expect(JSON.stringify(buildDocumentBundle(document, DOCUMENT_SYSTEM))).toBe(JSON.stringify(buildDocumentBundle(document, DOCUMENT_SYSTEM)));
  });

  it('leaves out author, department and document date when the document does not say them, and still validates', () => {
    const bundle = buildDocumentBundle(deliverable({ author: undefined, department: undefined, documentDate: undefined }), DOCUMENT_SYSTEM);
    const reference = bundle.entry?.[1].resource as DocumentReference;
    expect(reference.author).toBeUndefined();
    expect(reference.context).toBeUndefined();
    expect(reference.content[0].attachment.creation).toBeUndefined();
    expect(bundleIssues(bundle)).toEqual([]);
  });
});

describe('delivering to a FHIR server', () => {
  it('stores one Binary holding the PDF and one DocumentReference pointing at it', async () => {
    const document = deliverable();
    const receipt = await sink().deliver(document);

    const [reference] = documentReferencesFor(document.documentId);
    expect(receipt).toMatchObject({ sink: 'fhir', remoteId: reference.id, alreadyDelivered: false });
    const binaries = binariesFor(document.documentId);
    expect(binaries).toHaveLength(1);
    expect(reference.content[0].attachment.url).toBe(`Binary/${binaries[0].id}`);
    expect(Buffer.from(binaries[0].data ?? '', 'base64').equals(pdf)).toBe(true);
    // The attachment's hash and size describe the bytes the server holds.
    expect(reference.content[0].attachment.hash).toBe(createHash('sha1').update(Buffer.from(binaries[0].data ?? '', 'base64')).digest('base64'));
    expect(reference.content[0].attachment.size).toBe(pdf.length);
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
    // What a record system's viewer does next: follow the attachment to the PDF.
    const read = await fetch(`${server.baseUrl}/${reference.content[0].attachment.url}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(Buffer.from(((await read.json()) as Binary).data ?? '', 'base64').equals(pdf)).toBe(true);
  });

  it('delivered twice, leaves exactly one of each, and the second receipt says it was already there', async () => {
    const document = deliverable();
    const first = await sink().deliver(document);
    const second = await sink().deliver(document);

    expect(second).toMatchObject({ remoteId: first.remoteId, alreadyDelivered: true });
    expect(documentReferencesFor(document.documentId)).toHaveLength(1);
    expect(binariesFor(document.documentId)).toHaveLength(1);
  });

  it('answers 503: SINK_UNAVAILABLE (retryable), and once the server recovers it delivers with nothing twice', async () => {
    const document = deliverable();
    server.rejectNextTransaction(503, {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'transient', diagnostics: 'Database failover in progress' }],
    });
    const error = await expectRectoError(sink().deliver(document), 'SINK_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Database failover in progress');
    expect(documentReferencesFor(document.documentId)).toHaveLength(0);

    const receipt = await sink().deliver(document);
    expect(receipt.alreadyDelivered).toBe(false);
    expect(documentReferencesFor(document.documentId)).toHaveLength(1);
    expect(binariesFor(document.documentId)).toHaveLength(1);
  });

  it('answers 503 to the search before sending: SINK_UNAVAILABLE, nothing sent', async () => {
    const document = deliverable();
    server.failNextRequests(1, 503);
    await expectRectoError(sink().deliver(document), 'SINK_UNAVAILABLE');
    expect(documentReferencesFor(document.documentId)).toHaveLength(0);
  });

  it('answers 429 (throttled): SINK_UNAVAILABLE', async () => {
    server.failNextRequests(1, 429);
    await expectRectoError(sink().deliver(deliverable()), 'SINK_UNAVAILABLE');
  });

  it('stores the document but its answer is lost (timeout): SINK_UNAVAILABLE, and the retry finds it instead of storing it again', async () => {
    const document = deliverable();
    server.loseNextTransactionAnswer();
    const error = await expectRectoError(sink({ timeoutMs: 1_000 }).deliver(document), 'SINK_UNAVAILABLE');
    expect(error.message).toContain('no answer within 1000 ms');
    expect(documentReferencesFor(document.documentId)).toHaveLength(1);

    const retry = await sink().deliver(document);
    expect(retry.alreadyDelivered).toBe(true);
    expect(documentReferencesFor(document.documentId)).toHaveLength(1);
    expect(binariesFor(document.documentId)).toHaveLength(1);
  });

  it('is down (connection refused): SINK_UNAVAILABLE; after a restart on the same port it delivers', async () => {
    const document = deliverable();
    await server.stop();
    try {
      const error = await expectRectoError(sink().deliver(document), 'SINK_UNAVAILABLE');
      expect(error.message).toContain('ECONNREFUSED');
    } finally {
      await server.restart();
    }
    await sink().deliver(document);
    expect(documentReferencesFor(document.documentId)).toHaveLength(1);
  });

  it('refuses the document with a 422 OperationOutcome: SINK_REJECTED (permanent) carrying its diagnostics', async () => {
    const document = deliverable();
    server.rejectNextTransaction(422, {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'business-rule',
          diagnostics: 'No registered patient has this NHS number at this trust',
          expression: ['DocumentReference.subject'],
        },
      ],
    });
    const error = await expectRectoError(sink().deliver(document), 'SINK_REJECTED');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('422');
    expect(error.message).toContain('No registered patient has this NHS number at this trust (DocumentReference.subject)');
    expect(documentReferencesFor(document.documentId)).toHaveLength(0);
  });

  it('refuses a wrong bearer token (401): SINK_REJECTED, since retrying cannot fix credentials', async () => {
    const wrongToken = new FhirDocumentSink({ baseUrl: server.baseUrl, bearerToken: 'wrong', documentIdentifierSystem: DOCUMENT_SYSTEM });
    const error = await expectRectoError(wrongToken.deliver(deliverable()), 'SINK_REJECTED');
    expect(error.message).toContain('401');
  });

  it('never sends a document that cannot be filed (malformed NHS number): SINK_REJECTED without a request', async () => {
    const before = server.requests.length;
    const document = deliverable({ patient: { ...deliverable().patient, nhsNumber: '999 000 001' } });
    const error = await expectRectoError(sink().deliver(document), 'SINK_REJECTED');
    expect(error.message).toContain('NHS number');
    expect(server.requests.length).toBe(before);
  });

  it('two deliveries of one document racing: one DocumentReference; a stray Binary, if any, is named by the loser', async () => {
    const document = deliverable();
    const receipts = await Promise.all([sink().deliver(document), sink().deliver(document)]);

    const references = documentReferencesFor(document.documentId);
    expect(references).toHaveLength(1);
    expect(receipts.filter((receipt) => !receipt.alreadyDelivered)).toHaveLength(1);
    const loser = receipts.find((receipt) => receipt.alreadyDelivered);
    expect(loser?.remoteId).toBe(references[0].id);
    // When both searches ran before either transaction, the second transaction stored its Binary
    // (nothing can make a Binary conditional everywhere); its receipt must name it.
    const stray = binariesFor(document.documentId).filter((binary) => references[0].content[0].attachment.url !== `Binary/${binary.id}`);
    expect(stray.length).toBeLessThanOrEqual(1);
    if (stray.length === 1) expect(loser?.detail).toContain(`Binary/${stray[0].id} sent by this one is referenced by nothing`);
  });

  it('rejects options that cannot work (not a URL) when the sink is made', () => {
    expect(() => new FhirDocumentSink({ baseUrl: 'fhir.trust.example' })).toThrow(RectoError);
  });
});

describe('the stored resources', () => {
  it('are valid FHIR R4 as the server holds them (references resolved)', async () => {
    const document = deliverable();
    await sink().deliver(document);
    const [reference] = documentReferencesFor(document.documentId);
    const [binary] = binariesFor(document.documentId);
    const held: Bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: reference }, { resource: binary }],
    };
    expect(bundleIssues(held)).toEqual([]);
    expect(binary.securityContext?.reference).toBe(`DocumentReference/${reference.id}`);
  });
});
