import type { ExtractedFields, ExtractedValue, OtherPersonValue, PersonName, UnreadableNhsNumber } from '../extract/extracted-fields.ts';
import { possessiveOf } from '../extract/other-person.ts';
import type { MatchingConfig } from './matching-config.ts';
import { compareNames, missingNamePart } from './name-agreement.ts';
import { formatNhsNumber, isValidNhsNumber } from '../core/nhs-number.ts';
import type { IndexedPatient, PatientIndex } from './patient-index.ts';
import type { ReviewReason, ReviewedField } from './review-reasons.ts';

/**
 * The patient-safety rule: a document is filed automatically only when one valid NHS number,
 * read without correction, is in the trust's index AND the document's patient name and date of
 * birth are both present and agree with that index entry AND every one of those values was read
 * confidently AND no hospital number on it belongs to someone else. Anything else goes to a
 * person with every reason that applies. Index outages are not reasons: they propagate as
 * PATIENT_INDEX_UNAVAILABLE so the job is retried rather than flooding the review queue.
 */

export interface MatchEvidence {
  nhsNumber: ExtractedValue;
  patientName: ExtractedValue<PersonName>;
  birthDate: ExtractedValue;
  /** Hospital numbers on the document that the index holds for this patient. */
  confirmingMrns: ExtractedValue[];
  /** One sentence per check that passed, for the audit trail. */
  checks: string[];
}

export type MatchOutcome =
  | { outcome: 'filed'; patient: IndexedPatient; evidence: MatchEvidence }
  | {
      outcome: 'review';
      reasons: ReviewReason[];
      /** Who the document is probably about (index entry for its NHS number, or the one owner of its MRN), to help the reviewer; never filed without them. */
      candidate?: IndexedPatient;
    };

type Flag = (code: ReviewReason['code'], message: string, field?: ReviewedField, value?: ExtractedValue<unknown>) => void;

export async function matchPatient(fields: ExtractedFields, index: PatientIndex, config: MatchingConfig): Promise<MatchOutcome> {
  const reasons: ReviewReason[] = [];
  const checks: string[] = [];
  const flag: Flag = (code, message, field, value) =>
    reasons.push({ code, message, ...(field ? { field } : {}), ...(value ? { foundAt: value.foundAt } : {}) });
  const flagIfUnsure = (value: ExtractedValue<unknown>, field: ReviewedField, what: string) => {
    if (value.confidence < config.minConfidence) {
      flag('LOW_CONFIDENCE', `${what} was read with confidence ${Math.round(value.confidence)}, below the ${config.minConfidence} needed to file automatically`, field, value);
    }
  };

  // The extractor only reports valid numbers; re-checking costs nothing and guards the rule.
  const nhsNumbers = fields.nhsNumbers.filter((found) => isValidNhsNumber(found.value));
  const nhsNumber = nhsNumbers[0];
  let candidate: IndexedPatient | null = null;
  const otherPersons = fields.otherPersonsNhsNumbers ?? [];
  flagUnreadable(fields.unreadableNhsNumbers ?? [], flag);
  if (!nhsNumber && otherPersons.length > 0) {
    flag('OTHER_PERSONS_NHS_NUMBER_ONLY', `No NHS number on the document is the patient's: ${describeOthers(otherPersons)}`, 'nhsNumber', otherPersons[0]);
  } else if (!nhsNumber) {
    flag('NO_NHS_NUMBER', 'No valid NHS number was found on the document', 'nhsNumber');
  } else {
    if (nhsNumbers.length > 1) {
      const listed = nhsNumbers.map((found) => formatNhsNumber(found.value)).join(', ');
      flag('MULTIPLE_NHS_NUMBERS', `The document shows ${nhsNumbers.length} different NHS numbers (${listed}): it may be about more than one patient`, 'nhsNumber', nhsNumbers[1]);
    }
    if (nhsNumber.corrected) {
      flag('NHS_NUMBER_CORRECTED', `NHS number ${formatNhsNumber(nhsNumber.value)} was read as "${nhsNumber.raw}" and only became valid after correcting OCR look-alikes`, 'nhsNumber', nhsNumber);
    }
    flagIfUnsure(nhsNumber, 'nhsNumber', `NHS number ${formatNhsNumber(nhsNumber.value)}`);
    candidate = await index.findByNhsNumber(nhsNumber.value);
    if (candidate) {
      checks.push(`NHS number ${formatNhsNumber(nhsNumber.value)} is in the patient index`);
    } else {
      flag('NHS_NUMBER_NOT_IN_INDEX', `NHS number ${formatNhsNumber(nhsNumber.value)} is not in the trust's patient index`, 'nhsNumber', nhsNumber);
    }
  }

  const name = fields.patientName;
  if (!name) {
    flag('NAME_MISSING', 'No patient name was found on the document', 'patientName');
  } else {
    if (name.conflicts?.length) {
      const others = name.conflicts.map((other) => `"${other.text}"`).join(', ');
      flag('NAME_CONFLICTS', `The document names more than one patient: "${name.value.text}" and ${others}`, 'patientName', name);
    }
    flagIfUnsure(name, 'patientName', `The patient name "${name.value.text}"`);
    const missingPart = missingNamePart(name.value);
    if (missingPart) {
      flag('NAME_MISSING', `Only part of the patient name was found: "${name.value.text}" has no ${missingPart}`, 'patientName', name);
    } else if (candidate) {
      const comparison = compareNames(name.value, candidate);
      if (comparison.agrees) checks.push(`Patient name "${name.value.text}": ${comparison.detail}`);
      else flag('NAME_DISAGREES', `The name on the document disagrees with the index: ${comparison.detail}`, 'patientName', name);
    }
  }

  const birthDate = fields.birthDate;
  if (!birthDate) {
    const others = fields.otherPersonsBirthDates ?? [];
    const whose = others.map((other) => `${ukDate(other.value)} is labelled as ${possessiveOf(other.who)}`).join('; ');
    flag('DOB_MISSING', others.length > 0 ? `No date of birth for the patient was found on the document (${whose})` : 'No date of birth was found on the document', 'birthDate');
  } else {
    if (birthDate.conflicts?.length) {
      const others = birthDate.conflicts.map(ukDate).join(', ');
      flag('DOB_CONFLICTS', `The document gives more than one date of birth: ${ukDate(birthDate.value)} and ${others}`, 'birthDate', birthDate);
    }
    flagIfUnsure(birthDate, 'birthDate', `The date of birth ${ukDate(birthDate.value)}`);
    if (candidate && birthDate.value !== candidate.birthDate) {
      flag('DOB_DISAGREES', `The date of birth on the document (${ukDate(birthDate.value)}) differs from the index (${ukDate(candidate.birthDate)})`, 'birthDate', birthDate);
    } else if (candidate) {
      checks.push(`Date of birth ${ukDate(birthDate.value)} agrees with the index`);
    }
  }

  const { confirming, mrnOwner } = await checkHospitalNumbers(fields.mrns, index, candidate, flag);
  if (candidate && reasons.length === 0 && nhsNumber && name && birthDate) {
    for (const mrn of confirming) checks.push(`Hospital number ${mrn.value} belongs to the same patient`);
    return { outcome: 'filed', patient: candidate, evidence: { nhsNumber, patientName: name, birthDate, confirmingMrns: confirming, checks } };
  }
  const hint = candidate ?? mrnOwner;
  return { outcome: 'review', reasons, ...(hint ? { candidate: hint } : {}) };
}

/** "999 871 3064 is labelled as the mother's", for each. */
function describeOthers(others: OtherPersonValue[]): string {
  return others.map((other) => `${formatNhsNumber(other.value)} is labelled as ${possessiveOf(other.who)}`).join('; ');
}

const UNREADABLE_BECAUSE: Record<UnreadableNhsNumber['problem'], string> = {
  'fails-check': 'fails the modulus 11 check',
  'low-confidence': 'was read with low confidence',
  'not-ten-digits': 'does not have ten digits',
  'too-many-look-alikes': 'has too many characters that only look like digits',
};

/**
 * A labelled NHS number that could not be read is never ignored: it may be the patient's real
 * number (the one read may be wrong) or a second patient's. One labelled as someone else's
 * cannot be the patient's, so it is shown to the reviewer but is no reason by itself.
 */
function flagUnreadable(unreadable: UnreadableNhsNumber[], flag: Flag): void {
  for (const found of unreadable) {
    if (found.who) continue;
    const label = found.label ? ` after "${found.label}"` : '';
    flag('NHS_NUMBER_UNREADABLE', `An NHS number${label}, read as "${found.raw}", ${UNREADABLE_BECAUSE[found.problem]} (confidence ${Math.round(found.confidence)}): check it on the page`, 'nhsNumber', found);
  }
}

/**
 * Hospital numbers are supporting evidence only: one that belongs to a different patient is a
 * strong sign of a mix-up (review); one the index does not know is ignored, since letters often
 * carry other hospitals' numbers. Without an NHS-number match, a number owned by exactly one
 * patient is offered to the reviewer as a candidate, never filed.
 */
async function checkHospitalNumbers(
  mrns: ExtractedValue[],
  index: PatientIndex,
  candidate: IndexedPatient | null,
  flag: Flag,
): Promise<{ confirming: ExtractedValue[]; mrnOwner: IndexedPatient | null }> {
  const confirming: ExtractedValue[] = [];
  let mrnOwner: IndexedPatient | null = null;
  for (const mrn of mrns) {
    const owners = await index.findByMrn(mrn.value);
    if (!candidate) {
      if (owners.length === 1 && !mrnOwner) mrnOwner = owners[0];
      continue;
    }
    const others = owners.filter((owner) => owner.nhsNumber !== candidate.nhsNumber);
    if (others.length > 0) {
      const whom = others.map((owner) => `NHS number ${formatNhsNumber(owner.nhsNumber)}`).join(', ');
      flag('MRN_DISAGREES', `Hospital number ${mrn.value} on the document belongs to a different patient (${whom})`, 'mrn', mrn);
    } else if (owners.length > 0) {
      confirming.push(mrn);
    }
  }
  return { confirming, mrnOwner };
}

/** DD/MM/YYYY, as NHS staff read dates; anything not YYYY-MM-DD is shown as it is. */
function ukDate(isoDate: string): string {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return parts ? `${parts[3]}/${parts[2]}/${parts[1]}` : isoDate;
}
