import { RectoError } from '../core/errors.ts';
import { formatNhsNumber, isValidNhsNumber } from '../core/nhs-number.ts';
import type { ExtractedFields } from '../extract/extracted-fields.ts';
import { normaliseMrn } from '../matching/in-memory-patient-index.ts';
import { compareNames } from '../matching/name-agreement.ts';
import type { IndexedPatient, PatientIndex } from '../matching/patient-index.ts';
import type { ReviewItem } from '../storage/review-store.ts';
import { parseReviewCorrections } from './review-corrections.ts';

/**
 * Who an approved review item is filed to. A reviewer vouches for the document, but the
 * patient's identity still comes from the trust's index: the NHS number the reviewer entered
 * (or the one the document shows, when there is exactly one) must be in the index, and any
 * name, date of birth or hospital number the reviewer typed must agree with that entry, so a
 * mistyped NHS number that happens to be valid cannot file a letter in a stranger's record.
 *
 * Every refusal is APPROVAL_INCOMPLETE: the item stays with the reviewer, who corrects it and
 * approves again.
 * PATIENT_INDEX_UNAVAILABLE propagates (try again later).
 */
export async function patientForApproval(item: ReviewItem, index: PatientIndex): Promise<IndexedPatient> {
  const corrections = parseReviewCorrections(item.corrections, item.id);
  const refuse = (why: string) => new RectoError('APPROVAL_INCOMPLETE', `${item.id} cannot be filed: ${why}`);

  const nhsNumber = corrections.nhsNumber ?? onlyExtractedNhsNumber(extractedFieldsOf(item), refuse);
  if (!isValidNhsNumber(nhsNumber)) throw refuse(`${formatNhsNumber(nhsNumber)} is not a valid NHS number (modulus 11 check): correct the NHS number`);
  const patient = await index.findByNhsNumber(nhsNumber);
  if (!patient) {
    throw refuse(`NHS number ${formatNhsNumber(nhsNumber)} is not in the trust's patient index; a document can only be filed to a patient the index knows (check the number, or have the patient registered first)`);
  }

  if (corrections.birthDate !== undefined && corrections.birthDate !== patient.birthDate) {
    throw refuse(`the date of birth entered (${corrections.birthDate}) differs from the index's for NHS number ${formatNhsNumber(nhsNumber)}`);
  }
  if (corrections.given !== undefined || corrections.family !== undefined) {
    const given = corrections.given ?? patient.given;
    const family = corrections.family ?? patient.family;
    const comparison = compareNames({ given, family, text: [...given, family].join(' ') }, patient);
    if (!comparison.agrees) throw refuse(`the name entered disagrees with the index for NHS number ${formatNhsNumber(nhsNumber)}: ${comparison.detail}`);
  }
  if (corrections.mrn !== undefined && !patient.mrns.map(normaliseMrn).includes(normaliseMrn(corrections.mrn))) {
    throw refuse(`hospital number ${corrections.mrn} is not one the index holds for NHS number ${formatNhsNumber(nhsNumber)}`);
  }
  return patient;
}

/** A review item's extraction as filing reads it (the store keeps it as JSON). */
export function extractedFieldsOf(item: ReviewItem): ExtractedFields {
  return item.extracted as unknown as ExtractedFields;
}

/** Without a correction, the document's own number, but only when it shows exactly one. */
function onlyExtractedNhsNumber(fields: ExtractedFields, refuse: (why: string) => RectoError): string {
  const numbers = [...new Set((fields.nhsNumbers ?? []).map((found) => found.value).filter(isValidNhsNumber))];
  if (numbers.length === 0) throw refuse('the document shows no valid NHS number: enter the patient\'s NHS number');
  if (numbers.length > 1) {
    throw refuse(`the document shows ${numbers.length} NHS numbers (${numbers.map(formatNhsNumber).join(', ')}): enter the NHS number of the patient it belongs to`);
  }
  return numbers[0];
}
