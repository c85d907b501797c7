import { RectoError } from '../../core/errors.ts';
import type { TextMissing } from '../../core/types.ts';
import type { ExtractedFields } from '../../extract/extracted-fields.ts';
import { type MatchEvidence, matchPatient } from '../../matching/match-patient.ts';
import type { IndexedPatient, PatientIndex } from '../../matching/patient-index.ts';
import type { MatchingConfig } from '../../matching/matching-config.ts';
import type { ReviewReason } from '../../matching/review-reasons.ts';
import { type RoutingSettings, routeDocument } from './route-document.ts';
import { textMissingReasons } from './text-missing-reason.ts';

/**
 * The decide stage: file the document to one patient of the trust's index, and say which record
 * systems receive it, or send it to a person with every reason why not. The patient-safety rule
 * itself is matchPatient's (src/matching/match-patient.ts); this adds what only a trust's
 * configuration knows: where a filed document of its type goes, and how to read an index error.
 *
 * Errors: PATIENT_INDEX_UNAVAILABLE propagates (the caller retries; an index outage must not
 * flood the review queue). A FHIR index holding two Patients with one NHS number
 * (INVALID_PATIENT_INDEX from that lookup) is a data problem for a person about this document,
 * so it is a review reason. A malformed CSV index is a broken file for every document, so its
 * error propagates.
 */

/** Not a matching rule's reason: the index itself could not say who the patient is. */
export const PATIENT_INDEX_AMBIGUOUS = 'PATIENT_INDEX_AMBIGUOUS' satisfies ReviewReason['code'];

export type Decision =
  | {
      outcome: 'file';
      patient: IndexedPatient;
      /** The trust's sinks for this document type, in the config's order; empty: filed, delivered nowhere. */
      sinks: string[];
      /** What agreed, for the audit trail. */
      evidence: MatchEvidence;
    }
  | {
      outcome: 'review';
      reasons: ReviewReason[];
      /** Who it is probably about, to help the reviewer; never filed without them. */
      candidate?: IndexedPatient;
    };

/** The parts of a trust config a decision depends on (a whole TrustConfig will do). */
export type DecideConfig = RoutingSettings & { matching: MatchingConfig; patientIndex: { type: string } };

/**
 * `pages` (one per page, at its index) carry what capture could not read: a document with text
 * missing goes to review whoever it is about, with the matching rules' reasons too, so the
 * reviewer sees everything at once.
 */
export async function decide(
  fields: ExtractedFields,
  index: PatientIndex,
  config: DecideConfig,
  pages: ReadonlyArray<{ textMissing?: TextMissing[] }> = [],
): Promise<Decision> {
  const incomplete = textMissingReasons(pages);
  let match: Awaited<ReturnType<typeof matchPatient>>;
  try {
    match = await matchPatient(fields, index, config.matching);
  } catch (error) {
    const ambiguous = error instanceof RectoError && error.code === 'INVALID_PATIENT_INDEX' && config.patientIndex.type === 'fhir';
    if (!ambiguous) throw error;
    return {
      outcome: 'review',
      reasons: [{ code: PATIENT_INDEX_AMBIGUOUS, message: `The patient index cannot say who this is: ${error.message}` }, ...incomplete],
    };
  }
  if (match.outcome === 'review') return { ...match, reasons: [...match.reasons, ...incomplete] };
  if (incomplete.length > 0) return { outcome: 'review', reasons: incomplete, candidate: match.patient };
  return { outcome: 'file', patient: match.patient, sinks: routeDocument(config, fields.documentType.key), evidence: match.evidence };
}
