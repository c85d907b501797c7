import type { FoundAt } from '../extract/extracted-fields.ts';

/**
 * Why a document was not filed automatically. Every code is a reason a person must look: the
 * matching rules collect all that apply (not just the first), so the reviewer sees at once
 * everything that is missing or wrong.
 */
export type ReviewReasonCode =
  /** No valid NHS number anywhere on the document. */
  | 'NO_NHS_NUMBER'
  /** The only valid NHS numbers are labelled as someone else's ("Mother's NHS Number"): none is the patient's. */
  | 'OTHER_PERSONS_NHS_NUMBER_ONLY'
  /**
   * A labelled NHS number that could not be read reliably (fails modulus 11, wrong length, low
   * confidence): it may be the patient's real number, or a second patient's.
   */
  | 'NHS_NUMBER_UNREADABLE'
  /** Two or more different valid NHS numbers: the document may be about two patients. */
  | 'MULTIPLE_NHS_NUMBERS'
  /** The number only became valid after replacing OCR look-alikes (O→0, l→1...): never trusted alone. */
  | 'NHS_NUMBER_CORRECTED'
  /** A valid number, but the trust's patient index has no such patient. */
  | 'NHS_NUMBER_NOT_IN_INDEX'
  /** A value the decision rests on was read with confidence below the configured threshold. */
  | 'LOW_CONFIDENCE'
  | 'DOB_MISSING'
  | 'DOB_DISAGREES'
  /** The document itself gives two different dates of birth. */
  | 'DOB_CONFLICTS'
  /** No patient name, or only part of it (family name without a first name or initial). */
  | 'NAME_MISSING'
  | 'NAME_DISAGREES'
  /** The document itself gives two different patient names. */
  | 'NAME_CONFLICTS'
  /** A hospital number on the document belongs to a different patient in the index. */
  | 'MRN_DISAGREES'
  /** The patient index holds two patients with this NHS number: a data problem for the trust. */
  | 'PATIENT_INDEX_AMBIGUOUS'
  /**
   * Not about the patient: part of a page looks like text but OCR could not read it, so the
   * document's text is incomplete (src/stages/decide/text-missing-reason.ts).
   */
  | 'TEXT_MISSING';

/** The extracted field a reason is about, so the review screen can show its crop of the page. */
export type ReviewedField = 'nhsNumber' | 'patientName' | 'birthDate' | 'mrn';

/**
 * Shaped to be stored as it is in a review item (`{code, message}` plus optional detail). The
 * message is for the reviewer and names the values involved: it holds patient data, so it goes
 * to the review store, never to logs.
 */
export interface ReviewReason {
  code: ReviewReasonCode;
  message: string;
  field?: ReviewedField;
  foundAt?: FoundAt;
  /** TEXT_MISSING: each unread region, by page index and box in the cleaned page's pixels. */
  regions?: FoundAt[];
}
