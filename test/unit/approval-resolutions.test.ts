import { describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import { resolveApproval } from '../../src/review/approval-patient.ts';
import { InMemoryPatientIndex } from '../../src/matching/in-memory-patient-index.ts';
import type { IndexedPatient, PatientIndex } from '../../src/matching/patient-index.ts';
import type { ReviewItem } from '../../src/review/review-store.ts';
import type { JsonValue } from '../../src/storage/storage.ts';
import { expectRectoError } from '../support/expect-error.ts';

/**
 * How an approval settles each reason an item went to review for: by the reviewer's identity
 * agreeing with the index, or, for what an identity cannot settle, by the reviewer's own words.
 * Invented patients, test-range NHS numbers.
 */

const ISLA: IndexedPatient = { nhsNumber: '9996324834', given: ['Isla', 'Grace'], family: 'Thornbury', birthDate: '2026-02-03', mrns: ['HL5530182'] };
const KERRY: IndexedPatient = { nhsNumber: '9998713064', given: ['Kerry', 'Anne'], family: 'Thornbury', birthDate: '1994-11-22', mrns: ['HL4471906'] };
const index = new InMemoryPatientIndex([ISLA, KERRY]);
const isla = { nhsNumber: ISLA.nhsNumber, given: ['Isla'], family: 'Thornbury', birthDate: ISLA.birthDate };
const kerry = { nhsNumber: KERRY.nhsNumber, given: ['Kerry'], family: 'Thornbury', birthDate: KERRY.birthDate };

function item(codes: string[], corrections: Record<string, JsonValue> = {}): ReviewItem {
  return {
    id: 'rev_01JZ0000000000000000000002',
    documentId: 'doc_01JZ0000000000000000000002',
    status: 'claimed',
    reasons: codes.map((code) => ({ code, message: `${code} happened` })),
    extracted: {
      nhsNumbers: [],
      otherPersonsNhsNumbers: [{ value: KERRY.nhsNumber, raw: '999 871 3064', confidence: 95, foundAt: { page: 0, bbox: { x0: 0, y0: 0, x1: 1, y1: 1 } }, who: 'mother' }],
      mrns: [],
      documentType: { key: 'discharge-summary', snomedCode: '373942005', display: 'Discharge summary', confidence: 90, evidence: [] },
    },
    corrections,
    claimedBy: 'r.patel',
    decidedBy: null,
    note: null,
    createdAt: '2026-03-16T09:32:00.000Z',
    updatedAt: '2026-03-16T09:33:00.000Z',
  };
}

describe('resolveApproval', () => {
  it('settles every identity reason once, by an identity that agrees with the index, and keeps it as corrections', async () => {
    const codes = ['OTHER_PERSONS_NHS_NUMBER_ONLY', 'NAME_DISAGREES', 'DOB_DISAGREES', 'LOW_CONFIDENCE', 'LOW_CONFIDENCE', 'MRN_DISAGREES'];
    const record = await resolveApproval(item(codes), { identity: isla }, index);
    expect(record.corrections).toEqual(isla);
    expect(record.resolutions.map((resolution) => [resolution.code, resolution.resolvedBy])).toEqual([
      ['OTHER_PERSONS_NHS_NUMBER_ONLY', 'identity'],
      ['NAME_DISAGREES', 'identity'],
      ['DOB_DISAGREES', 'identity'],
      ['LOW_CONFIDENCE', 'identity'],
      ['MRN_DISAGREES', 'identity'],
    ]);
    for (const resolution of record.resolutions) expect(resolution.detail).toMatch(/agree with the patient index$/);
  });

  it('takes identity parts saved as corrections, the approval\'s overriding them', async () => {
    const saved = item(['NAME_DISAGREES'], { nhsNumber: KERRY.nhsNumber, given: ['Isla'], family: 'Thornbury', birthDate: ISLA.birthDate });
    const record = await resolveApproval(saved, { identity: { nhsNumber: ISLA.nhsNumber } }, index);
    expect(record.corrections).toEqual(isla);
  });

  it('refuses a reason no identity settles until the reviewer writes how it was resolved', async () => {
    const unknown = item(['PAGE_TORN', 'NO_NHS_NUMBER']);
    const refused = await expectRectoError(resolveApproval(unknown, { identity: isla }, index), 'APPROVAL_INCOMPLETE');
    expect(refused.message).toMatch(/say how each of these reasons was resolved \(resolutions\.PAGE_TORN\)/);
    const record = await resolveApproval(unknown, { identity: isla, resolutions: { PAGE_TORN: 'rescanned; the torn corner held no text', NO_NHS_NUMBER: 'from the ward list' } }, index);
    expect(record.resolutions).toEqual([
      { code: 'PAGE_TORN', resolvedBy: 'written', detail: 'the reviewer wrote how it was resolved', note: 'rescanned; the torn corner held no text' },
      expect.objectContaining({ code: 'NO_NHS_NUMBER', resolvedBy: 'identity', note: 'from the ward list' }),
    ]);
  });

  it('needs the reviewer to write that a page with text Recto could not read was checked, whoever the patient is', async () => {
    const unread = item(['TEXT_MISSING']);
    const refused = await expectRectoError(resolveApproval(unread, { identity: isla }, index), 'APPROVAL_INCOMPLETE');
    expect(refused.message).toMatch(/resolutions\.TEXT_MISSING/);
    const note = 'page 1 checked: the unread block is the back of the previous page showing through';
    const record = await resolveApproval(unread, { identity: isla, resolutions: { TEXT_MISSING: note } }, index);
    expect(record.resolutions).toEqual([{ code: 'TEXT_MISSING', resolvedBy: 'written', detail: 'the reviewer wrote how it was resolved', note }]);
  });

  it('needs the reviewer\'s reason to file to a number the page labels as someone else\'s', async () => {
    const maternity = item(['OTHER_PERSONS_NHS_NUMBER_ONLY']);
    const refused = await expectRectoError(resolveApproval(maternity, { identity: kerry }, index), 'APPROVAL_INCOMPLETE');
    expect(refused.message).toMatch(/labelled on the page as the mother's, not the patient's.*resolutions\.NHS_NUMBER_LABELLED_OTHER_PERSON/);
    const why = "maternity discharge: the mother is the patient; the form only has a 'Mother's NHS number' box";
    const record = await resolveApproval(maternity, { identity: kerry, resolutions: { NHS_NUMBER_LABELLED_OTHER_PERSON: why } }, index);
    expect(record.resolutions.at(-1)).toEqual({ code: 'NHS_NUMBER_LABELLED_OTHER_PERSON', resolvedBy: 'written', detail: expect.stringContaining("the mother's"), note: why });
  });

  it('refuses when the index cannot say who the number is, as a 422 the reviewer can act on', async () => {
    const ambiguous: PatientIndex = {
      findByNhsNumber: async () => {
        throw new RectoError('INVALID_PATIENT_INDEX', '2 Patient records carry the same NHS number');
      },
      findByMrn: async () => [],
      findByNameAndBirthDate: async () => [],
    };
    const refused = await expectRectoError(resolveApproval(item(['PATIENT_INDEX_AMBIGUOUS']), { identity: isla }, ambiguous), 'APPROVAL_INCOMPLETE');
    expect(refused.message).toMatch(/the trust must correct the index first/);
  });

  it('keeps what it checked for an item with no reasons: the number given with the approval', async () => {
    const record = await resolveApproval(item([]), { identity: { nhsNumber: ISLA.nhsNumber } }, index);
    expect(record).toEqual({ corrections: { nhsNumber: ISLA.nhsNumber }, resolutions: [], patientNhsNumber: ISLA.nhsNumber });
  });

  it('without a patient index still needs the identity, and says it was not checked', async () => {
    await expectRectoError(resolveApproval(item(['NAME_MISSING']), {}, undefined), 'APPROVAL_INCOMPLETE');
    const record = await resolveApproval(item(['NAME_MISSING']), { identity: isla }, undefined);
    expect(record.resolutions).toEqual([{ code: 'NAME_MISSING', resolvedBy: 'identity-unchecked', detail: expect.stringContaining('not checked against a patient index') }]);
  });
});
