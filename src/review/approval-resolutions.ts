import { formatNhsNumber } from '../core/nhs-number.ts';
import type { ReviewReasonCode } from '../matching/review-reasons.ts';

/**
 * How each reason a document went to review is settled when a person approves it. Almost every
 * reason is about who the patient is (a number missing, unreadable, someone else's or not in the
 * index; a name or date of birth missing, conflicting or disagreeing; a value read unsurely; a
 * hospital number or index entry pointing at someone else), and is settled the same way: the
 * reviewer gives the patient's NHS number, first name, family name and date of birth, read from
 * the page, and all four agree with the trust's patient index. TEXT_MISSING is not about who:
 * the identity cannot settle it, so the reviewer writes down that they checked the page (and
 * what the unread part holds). Approval never settles a reason by a click alone.
 *
 * The table is keyed by every reason code, so a new code does not compile until someone decides
 * how it is settled. A stored code this version does not know (an older or newer Recto) is
 * settled only by the reviewer writing down how, in the approval's `resolutions`.
 */

/** Written by the reviewer when the NHS number they give is one the page labels as someone else's. */
export const NHS_NUMBER_LABELLED_OTHER_PERSON = 'NHS_NUMBER_LABELLED_OTHER_PERSON';

/** Recorded when the reviewer took the identity from the index's candidates instead of typing it. */
export const IDENTITY_FROM_CANDIDATE = 'IDENTITY_FROM_CANDIDATE';

export interface ReasonResolution {
  /** The review reason code (or NHS_NUMBER_LABELLED_OTHER_PERSON, IDENTITY_FROM_CANDIDATE). */
  code: string;
  /**
   * `identity` (the reviewer's identity agreed with the index), `identity-unchecked` (no index
   * configured), `written` (the reviewer's own words), `candidate-on-page` (an identity taken from
   * the index's candidates, which the page was found to show).
   */
  resolvedBy: 'identity' | 'identity-unchecked' | 'written' | 'candidate-on-page';
  detail: string;
  /** What the reviewer wrote about it, when they did. */
  note?: string;
  /** For candidate-on-page: which of the candidate's identifiers the page shows. */
  onPage?: string[];
}

export interface ResolutionContext {
  nhsNumber: string;
  /** False when no patient index is configured (nothing is filed then). */
  checkedAgainstIndex: boolean;
}

type Detail = (context: ResolutionContext) => string;

const nhs: Detail = ({ nhsNumber }) => `the reviewer gave NHS number ${formatNhsNumber(nhsNumber)}`;
const name: Detail = () => 'the reviewer gave the patient\'s first and family name';
const birthDate: Detail = () => 'the reviewer gave the patient\'s date of birth';

/** Settled only by the reviewer's own words, with the question the review page asks for them. */
interface Written {
  written: string;
}

const IDENTITY_RESOLVES: Record<ReviewReasonCode, Detail | Written> = {
  NO_NHS_NUMBER: nhs,
  OTHER_PERSONS_NHS_NUMBER_ONLY: (context) => `${nhs(context)} as the patient's own`,
  NHS_NUMBER_UNREADABLE: (context) => `${nhs(context)}, checked against the page`,
  MULTIPLE_NHS_NUMBERS: (context) => `${nhs(context)} as the patient's, out of those on the page`,
  NHS_NUMBER_CORRECTED: (context) => `${nhs(context)}, checked against the page`,
  NHS_NUMBER_NOT_IN_INDEX: (context) => `${nhs(context)}, ${context.checkedAgainstIndex ? 'which is in the index' : 'not looked up'}`,
  LOW_CONFIDENCE: () => 'the reviewer gave the NHS number, name and date of birth, checked against the page',
  DOB_MISSING: birthDate,
  DOB_DISAGREES: birthDate,
  DOB_CONFLICTS: (context) => `${birthDate(context)}, out of those on the page`,
  NAME_MISSING: name,
  NAME_DISAGREES: name,
  NAME_CONFLICTS: (context) => `${name(context)}, out of those on the page`,
  MRN_DISAGREES: () => 'the reviewer gave the patient\'s identity; the hospital number filed is one the index holds for that patient, never the one belonging to someone else',
  PATIENT_INDEX_AMBIGUOUS: (context) => `${nhs(context)}, which the index now holds for one patient only`,
  TEXT_MISSING: { written: 'Text Recto could not read: you checked the page; what does the unread part say (or why it does not matter)?' },
};

/** True for the reasons the reviewer's identity settles; any other needs the reviewer's own words. */
export function isSettledByIdentity(code: string): code is ReviewReasonCode {
  return Object.hasOwn(IDENTITY_RESOLVES, code) && typeof IDENTITY_RESOLVES[code as ReviewReasonCode] === 'function';
}

/** What the review page asks a reviewer to write for a reason the identity does not settle. */
export function writtenQuestion(code: string): string {
  const entry = Object.hasOwn(IDENTITY_RESOLVES, code) ? IDENTITY_RESOLVES[code as ReviewReasonCode] : undefined;
  return entry && typeof entry !== 'function' ? entry.written : `How was "${code}" resolved?`;
}

/**
 * One resolution per reason (repeated codes, e.g. LOW_CONFIDENCE for two fields, once), given
 * that the reviewer's identity has passed every check. Returns the codes that still need the
 * reviewer's own words in `missing`.
 */
export function resolveReasons(
  codes: string[],
  context: ResolutionContext,
  written: Record<string, string>,
): { resolutions: ReasonResolution[]; missing: string[] } {
  const agreement = context.checkedAgainstIndex
    ? 'and the NHS number, name and date of birth agree with the patient index'
    : 'not checked against a patient index: none is configured, so nothing is filed';
  const resolutions: ReasonResolution[] = [];
  const missing: string[] = [];
  for (const code of [...new Set(codes)]) {
    const note = written[code]?.trim();
    const settles = isSettledByIdentity(code) ? IDENTITY_RESOLVES[code] : undefined;
    if (typeof settles === 'function') {
      resolutions.push({
        code,
        resolvedBy: context.checkedAgainstIndex ? 'identity' : 'identity-unchecked',
        detail: `${settles(context)}, ${agreement}`,
        ...(note ? { note } : {}),
      });
    } else if (note) {
      resolutions.push({ code, resolvedBy: 'written', detail: 'the reviewer wrote how it was resolved', note });
    } else {
      missing.push(code);
    }
  }
  return { resolutions, missing };
}
