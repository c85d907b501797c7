import type { Proven, Same } from '../core/same-type.ts';
import type { SidecarFields } from '../core/sidecar-fields.ts';
import type { BBox } from '../core/types.ts';

/**
 * What extraction finds on a document, each value with where it was read and how sure the
 * reading is, so a reviewer can be shown the page crop and a matcher can refuse weak evidence.
 */

/** Where a value was read: zero-based page index and the union box of its words, in page pixels. */
export interface FoundAt {
  page: number;
  bbox: BBox;
}

export interface ExtractedValue<T = string> {
  /** Normalised: NHS number as 10 digits, dates as YYYY-MM-DD, names as written (trimmed). */
  value: T;
  /** The text as OCR read it, before normalising or correcting. */
  raw: string;
  /** 0–100: the lowest OCR confidence of the words it came from, lowered when a rule is unsure. */
  confidence: number;
  foundAt: FoundAt;
  /** True when OCR look-alikes (O→0, l→1, S→5, B→8) were replaced to get a valid value. */
  corrected?: boolean;
  /** The label it was found after ("NHS No:", "DOB", ...), when there was one. */
  label?: string;
  /**
   * Other, different values the document gives for the same field (two dates of birth, two
   * patient names). When present the confidence is capped low: a person must decide.
   */
  conflicts?: T[];
}

/** Whose a value is, when the page labels it as someone else's (src/extract/other-person.ts reads the cues). */
export type OtherPerson =
  | 'mother'
  | 'father'
  | 'parent'
  | 'baby'
  | 'twin'
  | 'next-of-kin'
  | 'gp'
  | 'cc'
  | 'partner'
  | 'spouse'
  | 'husband'
  | 'wife'
  | 'son'
  | 'daughter'
  | 'carer'
  | 'guardian'
  | 'referrer';

/** A value the page labels as someone else's (the mother's NHS number): shown to the reviewer, never the patient's. */
export interface OtherPersonValue extends ExtractedValue {
  who: OtherPerson;
}

/**
 * An NHS number printed after an "NHS No" label that could not be read reliably: it fails the
 * modulus 11 check, has the wrong number of digits, needed too many look-alike corrections, or
 * was read with low OCR confidence. `value` holds the digits as read.
 */
export interface UnreadableNhsNumber extends ExtractedValue {
  problem: 'fails-check' | 'low-confidence' | 'not-ten-digits' | 'too-many-look-alikes';
  /** Set when the label says whose it is (then it is never the patient's either). */
  who?: OtherPerson;
}

export interface PersonName {
  given: string[];
  family: string;
  /** As written on the page, e.g. "Mrs Jane A. SMITH". */
  text: string;
}

/** The document kinds Recto classifies; each maps to one SNOMED CT concept (document-types.ts). */
export type DocumentTypeKey =
  | 'clinic-letter'
  | 'discharge-summary'
  | 'referral-letter'
  | 'outpatient-letter'
  | 'operation-note'
  | 'radiology-report'
  | 'pathology-report'
  | 'consent-form'
  | 'drug-chart'
  | 'observation-chart'
  | 'gp-record'
  | 'other';

export interface DocumentTypeResult {
  key: DocumentTypeKey;
  snomedCode: string;
  display: string;
  /** 0–100: how clearly the evidence points to this type rather than the runner-up. */
  confidence: number;
  /** The cues that decided it, for the reviewer ("title: DISCHARGE SUMMARY", ...). */
  evidence: string[];
}

export interface ExtractedFields {
  /**
   * Every distinct NHS number that passes the modulus 11 check and may be the patient's, best
   * evidence first. Numbers labelled as someone else's are in otherPersonsNhsNumbers instead.
   */
  nhsNumbers: ExtractedValue[];
  /** Valid NHS numbers the page labels as someone else's ("Mother's NHS Number"). */
  otherPersonsNhsNumbers?: OtherPersonValue[];
  /** Labelled NHS numbers that could not be read reliably (not the ones read well elsewhere). */
  unreadableNhsNumbers?: UnreadableNhsNumber[];
  /** Hospital numbers matching the trust's configured pattern. */
  mrns: ExtractedValue[];
  patientName?: ExtractedValue<PersonName>;
  birthDate?: ExtractedValue;
  /** Dates of birth the page labels as someone else's ("Mother: ... DOB: 22.11.1994"). */
  otherPersonsBirthDates?: OtherPersonValue[];
  documentDate?: ExtractedValue;
  author?: ExtractedValue;
  department?: ExtractedValue;
  documentType: DocumentTypeResult;
}

/** The sidecar's schema (src/core/sidecar-fields.ts) writes these same shapes: neither can change without the other. */
export type FieldsAgreeWithSidecar = Proven<Same<ExtractedFields, SidecarFields>>;
