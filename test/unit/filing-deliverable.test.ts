import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFields } from '../../src/extract/extract-fields.ts';
import type { ExtractedFields } from '../../src/extract/extracted-fields.ts';
import { parseExtractionConfig } from '../../src/extract/extraction-config.ts';
import { patientForApproval } from '../../src/review/approval-patient.ts';
import { buildDeliverable } from '../../src/filing/deliverable.ts';
import { InMemoryPatientIndex } from '../../src/matching/in-memory-patient-index.ts';
import type { IndexedPatient } from '../../src/matching/patient-index.ts';
import type { ReviewItem } from '../../src/review/review-store.ts';
import type { DocumentRecord, JsonValue } from '../../src/storage/storage.ts';
import { expectRectoError } from '../support/expect-error.ts';
import { ocrFromTruth } from '../support/ocr-fixtures.ts';

/**
 * The document sinks receive: reviewer corrections override what was read about the document,
 * and the patient always comes from the index. Fields are extracted from the samples' true text.
 */

const EXPECTED = path.resolve(import.meta.dirname, '../../samples/expected');
function fieldsOf(sample: string): ExtractedFields {
  const truth = readFileSync(path.join(EXPECTED, `${sample}.txt`), 'utf8');
  return extractFields(ocrFromTruth(truth), parseExtractionConfig({ referenceDate: '2026-11-26' }));
}

// Invented patients, test-range NHS numbers (as in samples/trust/patient-index.example.csv).
const EVELYN: IndexedPatient = { nhsNumber: '9993048143', given: ['Evelyn', 'Rose'], family: 'Marchetti', birthDate: '1948-09-17', mrns: ['RZ0000001', 'KB2209471'], gpPracticeOds: 'Z99014' };
const STANLEY: IndexedPatient = { nhsNumber: '9993769789', given: ['Stanley'], family: 'Bradwell', birthDate: '1939-06-12', mrns: ['SA6630218'], gpPracticeOds: 'Z99045' };
const ISLA: IndexedPatient = { nhsNumber: '9996324834', given: ['Isla', 'Grace'], family: 'Thornbury', birthDate: '2026-02-03', mrns: ['HL5530182'] };
const KERRY: IndexedPatient = { nhsNumber: '9998713064', given: ['Kerry', 'Anne'], family: 'Thornbury', birthDate: '1994-11-22', mrns: ['HL4471906'] };
const index = new InMemoryPatientIndex([EVELYN, STANLEY, ISLA, KERRY]);

const PDF = Buffer.from('%PDF-1.7 stand-in');
const config = { custodianOds: 'RZZ' };

function documentRecord(change: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id: 'doc_01JZ0000000000000000000001',
    sha256: 'ab'.repeat(32),
    originalKey: `sha256/ab/ab/${'ab'.repeat(32)}`,
    fileName: 'ward7-0012.png',
    sizeBytes: 1234,
    format: 'png',
    status: 'done',
    pageCount: 1,
    error: null,
    metadata: { uploadedBy: 'scanner.ward7' },
    outputs: { pdfKey: 'sha256/cd/cd/pdf', textKey: null, sidecarKey: null },
    attempts: 1,
    filing: null,
    timingsMs: { splitMs: 12 },
    createdAt: '2026-03-16T09:30:00.000Z',
    updatedAt: '2026-03-16T09:31:00.000Z',
    ...change,
  };
}

function reviewItem(
  fields: ExtractedFields,
  corrections: Record<string, JsonValue> = {},
  reasons = [{ code: 'NO_NHS_NUMBER', message: 'No valid NHS number was found on the document' }],
): ReviewItem {
  return {
    id: 'rev_01JZ0000000000000000000001',
    documentId: 'doc_01JZ0000000000000000000001',
    status: 'claimed',
    reasons,
    extracted: JSON.parse(JSON.stringify(fields)),
    corrections,
    claimedBy: 'r.patel',
    decidedBy: null,
    note: null,
    createdAt: '2026-03-16T09:32:00.000Z',
    updatedAt: '2026-03-16T09:33:00.000Z',
  };
}

describe('buildDeliverable', () => {
  it('delivers what was read about a filed document, with the patient from the index', () => {
    const fields = fieldsOf('fields-clinic-letter-phone-fax');
    const deliverable = buildDeliverable({ document: documentRecord(), pdf: PDF, fields, patient: EVELYN, config });
    expect(deliverable).toEqual({
      documentId: 'doc_01JZ0000000000000000000001',
      sha256: 'ab'.repeat(32),
      pdf: PDF,
      pageCount: 1,
      fileName: 'ward7-0012.png',
      title: 'Clinical letter 2026-03-14',
      documentType: fields.documentType,
      // The document's own hospital number, as the index holds it, rather than the index's first.
      patient: { nhsNumber: '9993048143', given: ['Evelyn', 'Rose'], family: 'Marchetti', birthDate: '1948-09-17', mrn: 'KB2209471', gpPracticeOds: 'Z99014' },
      documentDate: '2026-03-14',
      author: 'Dr Priya Ramaswamy',
      department: 'Department of Respiratory Medicine',
      custodianOds: 'RZZ',
      scannedAt: '2026-03-16T09:30:00.000Z',
      userId: 'scanner.ward7',
    });
  });

  it('lets a reviewer correct the type, date, author and department, and names the reviewer', () => {
    const fields = fieldsOf('fields-clinic-letter-phone-fax');
    const deliverable = buildDeliverable({
      document: documentRecord(),
      pdf: PDF,
      fields,
      patient: EVELYN,
      corrections: { documentType: 'outpatient-letter', documentDate: '2026-03-11', author: 'Dr P Ramaswamy', department: '', nhsNumber: '9993048143' },
      config,
      userId: 'r.patel',
    });
    expect(deliverable.documentType).toEqual({
      key: 'outpatient-letter',
      snomedCode: '823681000000100',
      display: 'Outpatient letter',
      confidence: 100,
      evidence: ['set by reviewer r.patel (read as clinic-letter)'],
    });
    expect(deliverable).toMatchObject({ title: 'Outpatient letter 2026-03-11', documentDate: '2026-03-11', author: 'Dr P Ramaswamy', userId: 'r.patel' });
    // An empty correction says the document names no department.
    expect(deliverable).not.toHaveProperty('department');
  });

  it('takes the identity from the index even when the reviewer accepted a page with other spellings', () => {
    const fields = fieldsOf('fields-radiology-report');
    const gerald: IndexedPatient = { nhsNumber: '9991110666', given: ['Gerald', 'Frank'], family: 'Woodhouse', birthDate: '1956-04-03', mrns: [] };
    const deliverable = buildDeliverable({ document: documentRecord({ metadata: {} }), pdf: PDF, fields, patient: gerald, corrections: {}, config });
    expect(fields.birthDate?.value).toBe('1956-03-04');
    expect(deliverable.patient).toEqual({ nhsNumber: '9991110666', given: ['Gerald', 'Frank'], family: 'Woodhouse', birthDate: '1956-04-03' });
    expect(deliverable).not.toHaveProperty('userId');
  });

  it('uses a corrected hospital number the index holds, in the index spelling', () => {
    const fields = fieldsOf('fields-clinic-letter-phone-fax');
    const deliverable = buildDeliverable({ document: documentRecord(), pdf: PDF, fields, patient: EVELYN, corrections: { mrn: 'rz 0000001' }, config });
    expect(deliverable.patient.mrn).toBe('RZ0000001');
  });

  it('refuses corrections it cannot file, and a patient other than the corrected NHS number', () => {
    const fields = fieldsOf('fields-clinic-letter-phone-fax');
    const build = (corrections: Record<string, JsonValue>) => () => buildDeliverable({ document: documentRecord(), pdf: PDF, fields, patient: EVELYN, corrections, config });
    expect(build({ documentType: 'lloyd-george' })).toThrow(/documentType/);
    expect(build({ colour: 'blue' })).toThrow(/Unrecognized key: "colour"/);
    expect(build({ documentDate: '14/03/2026' })).toThrow(/documentDate/);
    expect(build({ nhsNumber: '9993769789' })).toThrow(/not the patient it is being filed to/);
    expect(() => buildDeliverable({ document: documentRecord({ pageCount: null }), pdf: PDF, fields, patient: EVELYN, config })).toThrow(/no finished PDF/);
  });
});

describe('patientForApproval', () => {
  const stanley = { nhsNumber: '9993769789', given: ['Stanley'], family: 'BRADWELL', birthDate: '1939-06-12' };

  it('finds the patient for the identity the reviewer entered', async () => {
    const item = reviewItem(fieldsOf('fields-outpatient-letter-invalid-nhs'), { ...stanley, mrn: 'SA6630218' });
    expect(await patientForApproval(item, index)).toEqual(STANLEY);
  });

  it('needs the NHS number, first name, family name and date of birth for an item that went to review', async () => {
    const letter = fieldsOf('fields-clinic-letter-phone-fax');
    const none = await expectRectoError(patientForApproval(reviewItem(letter), index), 'APPROVAL_INCOMPLETE');
    expect(none.message).toMatch(/enter or confirm the patient's NHS number, first name, family name and date of birth.*because of NO_NHS_NUMBER/);
    const some = await expectRectoError(patientForApproval(reviewItem(letter, { nhsNumber: '9993048143', family: 'Marchetti' }), index), 'APPROVAL_INCOMPLETE');
    expect(some.message).toMatch(/confirm the patient's first name and date of birth/);
    const initial = await expectRectoError(patientForApproval(reviewItem(letter, { nhsNumber: '9993048143', given: ['E'], family: 'Marchetti', birthDate: '1948-09-17' }), index), 'APPROVAL_INCOMPLETE');
    expect(initial.message).toMatch(/first name in full/);
  });

  it('uses the number on the document when it shows exactly one and the item has no reasons', async () => {
    expect(await patientForApproval(reviewItem(fieldsOf('fields-clinic-letter-phone-fax'), {}, []), index)).toEqual(EVELYN);
  });

  it('refuses to file to a patient the index does not know, or without a valid number', async () => {
    const letter = fieldsOf('fields-outpatient-letter-invalid-nhs');
    const notInIndex = await expectRectoError(patientForApproval(reviewItem(letter, { ...stanley, nhsNumber: '9998197082' }), index), 'APPROVAL_INCOMPLETE');
    expect(notInIndex.message).toMatch(/999 819 7082 is not in the trust's patient index/);
    const invalid = await expectRectoError(patientForApproval(reviewItem(letter, { ...stanley, nhsNumber: '9993769780' }), index), 'APPROVAL_INCOMPLETE');
    expect(invalid.message).toMatch(/not a valid NHS number/);
    const none = await expectRectoError(patientForApproval(reviewItem(letter, {}, []), index), 'APPROVAL_INCOMPLETE');
    expect(none.message).toMatch(/shows no valid NHS number/);
  });

  it('files the baby of a mother-and-baby summary to the baby, never with the mother\'s number', async () => {
    const motherAndBaby = fieldsOf('fields-discharge-mother-baby-2pages');
    expect(motherAndBaby.nhsNumbers.map((found) => found.value)).toEqual(['9996324834']);
    const baby = { given: ['Isla'], family: 'Thornbury', birthDate: '2026-02-03' };
    const mothersNumber = await expectRectoError(patientForApproval(reviewItem(motherAndBaby, { ...baby, nhsNumber: '9998713064' }), index), 'APPROVAL_INCOMPLETE');
    expect(mothersNumber.message).toMatch(/date of birth given \(2026-02-03\) differs from the index's for NHS number 999 871 3064/);
    expect(await patientForApproval(reviewItem(motherAndBaby, { ...baby, nhsNumber: '9996324834' }), index)).toEqual(ISLA);
  });

  it('refuses a typed name, date of birth or hospital number that disagrees with the index entry', async () => {
    const letter = fieldsOf('fields-outpatient-letter-invalid-nhs');
    const attempt = (corrections: Record<string, JsonValue>) => expectRectoError(patientForApproval(reviewItem(letter, { ...stanley, ...corrections }), index), 'APPROVAL_INCOMPLETE');
    expect((await attempt({ birthDate: '1939-12-06' })).message).toMatch(/date of birth given \(1939-12-06\) differs/);
    expect((await attempt({ given: ['Stella'] })).message).toMatch(/first name "Stella" differs/);
    expect((await attempt({ family: 'Bradshaw' })).message).toMatch(/family name "Bradshaw" differs/);
    expect((await attempt({ mrn: 'SA0000000' })).message).toMatch(/hospital number SA0000000 is not one the index holds/);
  });
});
