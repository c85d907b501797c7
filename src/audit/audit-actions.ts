/**
 * How audit actions are named: `<thing>.<what happened>`, e.g. review.claimed, document.filed,
 * user.created. Patient data being seen or taken away is named with a past participle of
 * seeing or taking: `document.viewed`, `page.viewed`, `crop.viewed`, `text.viewed`,
 * `review.viewed`, `pdf.downloaded`, `original.downloaded`. The "who has viewed this
 * patient's documents" question counts exactly those, so a new kind of view is counted as
 * soon as its action ends in one of these suffixes.
 */
export const PATIENT_DATA_ACCESS_SUFFIXES = ['.viewed', '.downloaded'] as const;

export function isPatientDataAccess(action: string): boolean {
  return PATIENT_DATA_ACCESS_SUFFIXES.some((suffix) => action.endsWith(suffix));
}

/** Written by the command line when a person exports the log or lists a patient's viewers: reading the log is itself audited. */
export const AUDIT_EXPORTED = 'audit.exported';
export const AUDIT_VIEWERS_LISTED = 'audit.viewers-listed';

/** A search's results were shown (API or `recto search`): who, the query, how many hits, the documents shown. */
export const SEARCH_RESULTS_VIEWED = 'search.results.viewed';

/** The search index was rebuilt from the stored documents (`recto search reindex`): who, which documents, what it did. */
export const SEARCH_REINDEXED = 'search.reindexed';
