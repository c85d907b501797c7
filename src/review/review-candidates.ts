import type { IndexedPatient, PatientIndex } from '../matching/patient-index.ts';
import { candidateOnPage, type PageIdentifier } from './candidate-on-page.ts';
import { extractedFieldsOf } from './approval-patient.ts';
import type { ReviewItem } from './review-store.ts';

/**
 * The patients a review item may belong to, suggested from the trust's index: everyone holding a
 * hospital number the page shows, and everyone with the family name and date of birth the page
 * shows, plus whatever the reviewer searched for. Exact lookups only (the index never guesses);
 * each candidate says how it was found and which of its identifiers the page shows, so the
 * reviewer compares before choosing. A suggestion files nothing: the approval is checked against
 * the index and the page again (candidate-on-page.ts).
 */

export type MatchedBy = 'mrn' | 'name-and-birth-date';

export interface Candidate {
  nhsNumber: string;
  given: string[];
  family: string;
  birthDate: string;
  mrns: string[];
  matchedBy: MatchedBy[];
  onPage: PageIdentifier[];
}

/** What to look up: hospital numbers, and family names with dates of birth (YYYY-MM-DD). */
export interface CandidateLookups {
  mrns: string[];
  namesAndBirthDates: Array<{ family: string; birthDate: string }>;
}

/** What the page shows (item.extracted) and what the reviewer typed into the search, all looked up. */
export function lookupsFor(item: ReviewItem, typed: { mrn?: string; family?: string; birthDate?: string }): CandidateLookups {
  const fields = extractedFieldsOf(item);
  const mrns = [...(fields.mrns ?? []).map((found) => found.value), ...(typed.mrn ? [typed.mrn] : [])];
  const namesAndBirthDates: CandidateLookups['namesAndBirthDates'] = [];
  const family = fields.patientName?.value.family;
  const birthDate = fields.birthDate?.value;
  if (family && birthDate) namesAndBirthDates.push({ family, birthDate });
  if (typed.family && typed.birthDate) namesAndBirthDates.push({ family: typed.family, birthDate: typed.birthDate });
  return { mrns: unique(mrns.map((mrn) => mrn.trim()).filter(Boolean)), namesAndBirthDates };
}

/**
 * One entry per NHS number, in the order found. Records without an NHS number (a FHIR index may
 * hold some) are left out: a document is only filed to a patient by NHS number.
 * PATIENT_INDEX_UNAVAILABLE and INVALID_PATIENT_INDEX propagate.
 */
export async function findCandidates(index: PatientIndex, lookups: CandidateLookups, pageText: string): Promise<Candidate[]> {
  const byNhsNumber = new Map<string, { patient: IndexedPatient; matchedBy: Set<MatchedBy> }>();
  const add = (patients: IndexedPatient[], how: MatchedBy) => {
    for (const patient of patients) {
      if (!patient.nhsNumber) continue;
      const entry = byNhsNumber.get(patient.nhsNumber) ?? { patient, matchedBy: new Set<MatchedBy>() };
      entry.matchedBy.add(how);
      byNhsNumber.set(patient.nhsNumber, entry);
    }
  };
  for (const mrn of lookups.mrns) add(await index.findByMrn(mrn), 'mrn');
  for (const { family, birthDate } of lookups.namesAndBirthDates) add(await index.findByNameAndBirthDate(family, birthDate), 'name-and-birth-date');
  return [...byNhsNumber.values()].map(({ patient, matchedBy }) => ({
    nhsNumber: patient.nhsNumber,
    given: patient.given,
    family: patient.family,
    birthDate: patient.birthDate,
    mrns: patient.mrns,
    matchedBy: (['mrn', 'name-and-birth-date'] as const).filter((how) => matchedBy.has(how)),
    onPage: candidateOnPage(patient, pageText).onPage,
  }));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
