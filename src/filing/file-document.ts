import type { AuditLog } from '../audit/audit-log.ts';
import { RectoError } from '../core/errors.ts';
import { extractFields } from '../extract/extract-fields.ts';
import type { ExtractedFields, FoundAt } from '../extract/extracted-fields.ts';
import { matchPatient, type MatchOutcome } from '../matching/match-patient.ts';
import type { IndexedPatient, PatientIndex } from '../matching/patient-index.ts';
import type { ReviewItem, ReviewStore } from '../storage/review-store.ts';
import type { JsonValue, Storage } from '../storage/storage.ts';
import { loadDocumentOcr } from './document-ocr.ts';
import { filedEvent, filingHistory, type FilingHistory, sentToReviewEvent } from './filing-audit.ts';
import { routeDocument } from './route-document.ts';
import type { TrustConfig } from './trust-config.ts';

/**
 * The filing step for one finished document: read its fields off the OCR, match the patient,
 * and either file it (audited, routed to the trust's sinks; delivering is the caller's next
 * step) or hand it to a person (a review item with every reason). Safe to run again for the
 * same document: a decision made on the same OCR is not made or recorded twice, and a
 * document a person is reviewing is never filed behind their back.
 *
 * Errors: PATIENT_INDEX_UNAVAILABLE propagates (the job retries; an index outage must not flood
 * the review queue). A FHIR index holding two Patients with one NHS number (INVALID_PATIENT_INDEX
 * from that lookup) is a data problem for a person about this document, so it goes to review.
 * A malformed CSV index is a broken file for every document, so its error propagates.
 */

/** Not a matching rule's reason: the index itself could not say who the patient is. */
export const PATIENT_INDEX_AMBIGUOUS = 'PATIENT_INDEX_AMBIGUOUS';

/** A review reason as stored: code and message, plus the field and its place when known. */
export interface FilingReason {
  code: string;
  message: string;
  field?: string;
  foundAt?: FoundAt;
}

export type FilingResult =
  | { outcome: 'filed'; fields: ExtractedFields; patient: IndexedPatient; sinks: string[] }
  | { outcome: 'review'; reviewItemId: string; reasons: FilingReason[] };

export interface FileDocumentInput {
  storage: Storage;
  review: ReviewStore;
  audit: AuditLog;
  index: PatientIndex;
  config: TrustConfig;
  documentId: string;
}

export async function fileDocument(input: FileDocumentInput): Promise<FilingResult> {
  const { storage, review, audit, index, config, documentId } = input;
  const { pages, fingerprint } = await loadDocumentOcr(storage, documentId);
  const history = filingHistory(await audit.trailOf(documentId), fingerprint);
  const earlierItem = await itemStillDeciding(review, history);
  if (earlierItem) return { outcome: 'review', reviewItemId: earlierItem.id, reasons: earlierItem.reasons as FilingReason[] };

  const fields = extractFields(pages, config.extraction);
  const match = await matchOrAmbiguous(fields, index, config);
  if (match.outcome === 'filed') {
    const sinks = routeDocument(config, fields.documentType.key);
    if (!history.filedOnThisOcr) await audit.append(filedEvent({ documentId, fingerprint, fields, evidence: match.evidence, sinks }));
    return { outcome: 'filed', fields, patient: match.patient, sinks };
  }

  // openItem returns the live item if one is open already (a re-run after a crash).
  const { item } = await review.openItem({ documentId, reasons: match.reasons, extracted: toJsonValue(fields) });
  const reasons = item.reasons as FilingReason[];
  // Also recorded when the item already existed: the crash may have come between the two writes.
  await audit.append(sentToReviewEvent({ documentId, fingerprint, reviewItemId: item.id, reasonCodes: reasons.map((reason) => reason.code) }));
  return { outcome: 'review', reviewItemId: item.id, reasons };
}

/**
 * The review item that still owns the decision: one a person is working on (open or claimed,
 * whatever OCR it was opened on), or one decided on this same OCR (a rejection stands until
 * the document is reprocessed).
 */
async function itemStillDeciding(review: ReviewStore, history: FilingHistory): Promise<ReviewItem | null> {
  for (const earlier of history.reviewItems) {
    const item = await review.getItem(earlier.reviewItemId);
    if (!item) continue;
    if (item.status === 'open' || item.status === 'claimed' || earlier.onThisOcr) return item;
  }
  return null;
}

type FilingMatch = Extract<MatchOutcome, { outcome: 'filed' }> | { outcome: 'review'; reasons: FilingReason[] };

async function matchOrAmbiguous(fields: ExtractedFields, index: PatientIndex, config: TrustConfig): Promise<FilingMatch> {
  try {
    return await matchPatient(fields, index, config.matching);
  } catch (error) {
    const ambiguous = error instanceof RectoError && error.code === 'INVALID_PATIENT_INDEX' && config.patientIndex.type === 'fhir';
    if (!ambiguous) throw error;
    return {
      outcome: 'review',
      reasons: [{ code: PATIENT_INDEX_AMBIGUOUS, message: `The patient index cannot say who this is: ${error.message}` }],
    };
  }
}

/** ExtractedFields as the JSON the review store keeps (no undefined values). */
function toJsonValue(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
