import { RectoError } from '../core/errors.ts';
import { formatNhsNumber, isValidNhsNumber } from '../core/nhs-number.ts';
import type { ExtractedFields } from '../extract/extracted-fields.ts';
import { possessiveOf } from '../extract/other-person.ts';
import { normaliseMrn } from '../matching/in-memory-patient-index.ts';
import { compareNames, normaliseNamePart } from '../matching/name-agreement.ts';
import type { IndexedPatient, PatientIndex } from '../matching/patient-index.ts';
import type { ReviewItem } from './review-store.ts';
import type { JsonValue } from '../storage/storage.ts';
import { IDENTITY_FROM_CANDIDATE, NHS_NUMBER_LABELLED_OTHER_PERSON, type ReasonResolution, resolveReasons } from './approval-resolutions.ts';
import { candidateOnPage, type PageIdentifier } from './candidate-on-page.ts';
import { type ConfirmedIdentity, parseReviewCorrections, type ReviewCorrections } from './review-corrections.ts';

/**
 * Who an approved review item is filed to. A reviewer vouches for the document, but the
 * patient's identity still comes from the trust's index. An item that went to review for any
 * reason is filed only once the reviewer has given the patient's NHS number, first name, family
 * name and date of birth (typed as corrections, or confirmed with the approval) and all four
 * agree with the index entry: a mother's NHS number typed for her baby, or a valid number
 * mistyped into a stranger's, is refused. An item with no reasons (none is made by matching
 * today) may take the one NHS number the document shows.
 *
 * Every refusal is APPROVAL_INCOMPLETE (HTTP 422), naming what is missing or disagrees: the item
 * stays with the reviewer, who corrects it and approves again.
 * PATIENT_INDEX_UNAVAILABLE propagates (try again later).
 */

/** What a reviewer sends with an approval: the identity they confirm, and their words on reasons. */
export interface ApprovalRequest {
  identity?: ConfirmedIdentity;
  /** By reason code: how the reviewer resolved it (needed for codes an identity does not settle). */
  resolutions?: Record<string, string>;
  /**
   * The document's OCR text, read by the server (never sent by the reviewer), for an identity
   * taken from a candidate (identity.source 'candidate'): the page must show that patient.
   */
  pageText?: string;
}

/** What an approval records: the identity (as corrections to merge) and how each reason was resolved. */
export interface ApprovalRecord {
  corrections: Record<string, JsonValue>;
  resolutions: ReasonResolution[];
  /** The patient the document is filed to, when known now: the approval's audit event names them. */
  patientNhsNumber: string | null;
}

type Refuse = (why: string) => RectoError;

const refuser = (item: ReviewItem): Refuse => (why) => new RectoError('APPROVAL_INCOMPLETE', `${item.id} cannot be filed: ${why}`);

/**
 * Checks an approval before it is recorded. With `index` undefined (no filing configured, so
 * nothing will be filed) the identity is still required, but cannot be checked against an index.
 */
export async function resolveApproval(item: ReviewItem, request: ApprovalRequest, index: PatientIndex | undefined): Promise<ApprovalRecord> {
  const refuse = refuser(item);
  // Where the identity came from is checked and recorded below, never kept as a correction.
  const { source, ...typed } = request.identity ?? {};
  const merged: Record<string, JsonValue> = { ...item.corrections, ...definedEntries(typed) };
  const candidate: ReviewItem = { ...item, corrections: merged };
  const corrections = parseReviewCorrections(merged, item.id);
  const codes = item.reasons.map((reason) => reason.code);
  const written = request.resolutions ?? {};

  let nhsNumber: string;
  let indexed: IndexedPatient | undefined;
  if (index) nhsNumber = (indexed = await patientForApproval(candidate, index)).nhsNumber;
  else nhsNumber = codes.length > 0 ? identityOf(candidate, corrections, refuse).nhsNumber : (corrections.nhsNumber ?? '');
  // The index agreeing is not enough for a click: the page itself must show the candidate.
  const fromCandidate = source === 'candidate' ? candidateShownOnPage(indexed ?? unindexedPatient(corrections), request.pageText ?? '', refuse) : null;

  const { resolutions, missing } = resolveReasons(codes, { nhsNumber, checkedAgainstIndex: index !== undefined }, written);
  if (missing.length > 0) {
    throw refuse(`say how each of these reasons was resolved (resolutions.${missing.join(', resolutions.')}): confirming the patient's identity does not settle them`);
  }
  const otherPerson = extractedFieldsOf(item).otherPersonsNhsNumbers?.find((found) => found.value === nhsNumber);
  if (otherPerson) {
    const note = written[NHS_NUMBER_LABELLED_OTHER_PERSON]?.trim();
    if (!note) {
      throw refuse(
        `NHS number ${formatNhsNumber(nhsNumber)} is labelled on the page as ${possessiveOf(otherPerson.who)}, not the patient's. Give the patient's own NHS number, or, if the document really is that person's record, say why in resolutions.${NHS_NUMBER_LABELLED_OTHER_PERSON}`,
      );
    }
    resolutions.push({ code: NHS_NUMBER_LABELLED_OTHER_PERSON, resolvedBy: 'written', detail: `the page labels the NHS number as ${possessiveOf(otherPerson.who)}; the reviewer explained why it is the patient's`, note });
  }
  // What was checked is what is kept: the identity given now, and for an item with reasons all four parts.
  const identity = codes.length > 0 ? identityOf(candidate, corrections, refuse) : {};
  if (fromCandidate) resolutions.push(fromCandidate);
  return { corrections: { ...definedEntries(typed), ...identity }, resolutions, patientNhsNumber: isValidNhsNumber(nhsNumber) ? nhsNumber : null };
}

const IDENTIFIER_NAMES: Record<PageIdentifier, string> = {
  nhsNumber: 'NHS number',
  family: 'family name',
  given: 'first name',
  birthDate: 'date of birth',
  mrn: 'hospital number',
};

/**
 * Refuses an identity taken from a candidate unless the page shows that patient (candidate-on-page.ts);
 * otherwise the resolution recording it, with the identifiers found on the page.
 */
function candidateShownOnPage(patient: IndexedPatient, pageText: string, refuse: Refuse): ReasonResolution {
  const evidence = candidateOnPage(patient, pageText);
  const found = evidence.onPage.map((part) => IDENTIFIER_NAMES[part]);
  if (!evidence.shown) {
    throw refuse(
      `the patient was taken from the index's candidates, but the page does not show them: it must show their family name and their date of birth, NHS number or one of their hospital numbers (found on the page: ${found.length > 0 ? listed(found) : 'none of these'}). Check that you chose the right patient, or type the identity as the page gives it`,
    );
  }
  return {
    code: IDENTITY_FROM_CANDIDATE,
    resolvedBy: 'candidate-on-page',
    detail: `the reviewer took the patient from the index's candidates; the page shows their ${listed(found)}`,
    onPage: evidence.onPage,
  };
}

/** Without an index (nothing is filed), the identity as given stands in for the index entry. */
function unindexedPatient(corrections: ReviewCorrections): IndexedPatient {
  return {
    nhsNumber: corrections.nhsNumber ?? '',
    given: corrections.given ?? [],
    family: corrections.family ?? '',
    birthDate: corrections.birthDate ?? '',
    mrns: corrections.mrn ? [corrections.mrn] : [],
  };
}

/**
 * The index entry an approved (or about to be approved) item is filed to; the check is run again
 * at delivery, so an index changed since the approval stops the delivery.
 */
export async function patientForApproval(item: ReviewItem, index: PatientIndex): Promise<IndexedPatient> {
  const refuse = refuser(item);
  const corrections = parseReviewCorrections(item.corrections, item.id);
  const identity = item.reasons.length > 0 ? identityOf(item, corrections, refuse) : undefined;
  const nhsNumber = identity?.nhsNumber ?? corrections.nhsNumber ?? onlyExtractedNhsNumber(extractedFieldsOf(item), refuse);
  if (!isValidNhsNumber(nhsNumber)) throw refuse(`${formatNhsNumber(nhsNumber)} is not a valid NHS number (modulus 11 check): correct the NHS number`);
  const patient = await lookUp(index, nhsNumber, refuse);
  const of = `for NHS number ${formatNhsNumber(nhsNumber)}`;

  if (corrections.birthDate !== undefined && corrections.birthDate !== patient.birthDate) {
    throw refuse(`the date of birth given (${corrections.birthDate}) differs from the index's ${of}`);
  }
  if (corrections.given !== undefined || corrections.family !== undefined) {
    const given = corrections.given ?? patient.given;
    const family = corrections.family ?? patient.family;
    const comparison = compareNames({ given, family, text: [...given, family].join(' ') }, patient);
    if (!comparison.agrees) throw refuse(`the name given disagrees with the index ${of}: ${comparison.detail}`);
  }
  if (corrections.mrn !== undefined && !patient.mrns.map(normaliseMrn).includes(normaliseMrn(corrections.mrn))) {
    throw refuse(`hospital number ${corrections.mrn} is not one the index holds ${of}`);
  }
  return patient;
}

/** A review item's extraction as filing reads it (the store keeps it as JSON). */
export function extractedFieldsOf(item: ReviewItem): ExtractedFields {
  return item.extracted as unknown as ExtractedFields;
}

/** The four identifiers the reviewer must have given, each named when missing. */
function identityOf(item: ReviewItem, corrections: ReviewCorrections, refuse: Refuse): Required<Omit<ConfirmedIdentity, 'source'>> {
  const { nhsNumber, given, family, birthDate } = corrections;
  const missing = [
    nhsNumber === undefined && 'NHS number',
    given === undefined && 'first name',
    family === undefined && 'family name',
    birthDate === undefined && 'date of birth',
  ].filter((part): part is string => typeof part === 'string');
  if (missing.length > 0) {
    const reasons = [...new Set(item.reasons.map((reason) => reason.code))].join(', ');
    throw refuse(`enter or confirm the patient's ${listed(missing)}, read from the page (it went to review because of ${reasons})`);
  }
  if (normaliseNamePart(given![0]).length < 2) throw refuse(`give the patient's first name in full, not the initial "${given![0]}"`);
  if (!isValidNhsNumber(nhsNumber!)) throw refuse(`${formatNhsNumber(nhsNumber!)} is not a valid NHS number (modulus 11 check): correct the NHS number`);
  return { nhsNumber: nhsNumber!, given: given!, family: family!, birthDate: birthDate! };
}

async function lookUp(index: PatientIndex, nhsNumber: string, refuse: Refuse): Promise<IndexedPatient> {
  let patient: IndexedPatient | null;
  try {
    patient = await index.findByNhsNumber(nhsNumber);
  } catch (error) {
    if (error instanceof RectoError && error.code === 'INVALID_PATIENT_INDEX') {
      throw refuse(`the patient index cannot say who NHS number ${formatNhsNumber(nhsNumber)} is (${error.message}); the trust must correct the index first`);
    }
    throw error;
  }
  if (!patient) {
    throw refuse(`NHS number ${formatNhsNumber(nhsNumber)} is not in the trust's patient index; a document can only be filed to a patient the index knows (check the number, or have the patient registered first)`);
  }
  return patient;
}

/** Without a correction, the document's own number, but only when it shows exactly one. */
function onlyExtractedNhsNumber(fields: ExtractedFields, refuse: Refuse): string {
  const numbers = [...new Set((fields.nhsNumbers ?? []).map((found) => found.value).filter(isValidNhsNumber))];
  if (numbers.length === 0) throw refuse('the document shows no valid NHS number: enter the patient\'s NHS number');
  if (numbers.length > 1) {
    throw refuse(`the document shows ${numbers.length} NHS numbers (${numbers.map(formatNhsNumber).join(', ')}): enter the NHS number of the patient it belongs to`);
  }
  return numbers[0];
}

function definedEntries(identity: ConfirmedIdentity): Record<string, JsonValue> {
  return Object.fromEntries(Object.entries(identity).filter(([, value]) => value !== undefined)) as Record<string, JsonValue>;
}

function listed(parts: string[]): string {
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
