import type { AuditLog } from '../audit/audit-log.ts';
import type { ExtractedFields, FoundAt } from '../extract/extracted-fields.ts';
import type { IndexedPatient, PatientIndex } from '../matching/patient-index.ts';
import { decide } from '../stages/decide/decide.ts';
import { extract } from '../stages/decide/extract.ts';
import type { ReviewItem, ReviewStore } from '../review/review-store.ts';
import type { JsonValue, Storage } from '../storage/storage.ts';
import { loadDocumentOcr } from './document-ocr.ts';
import { filedEvent, filingHistory, type FilingHistory, sentToReviewEvent } from './filing-audit.ts';
import type { TrustConfig } from './trust-config.ts';

/**
 * The file worker's step for one finished document: the extract and decide stages (the same
 * `recto scan --trust-config` runs) on its stored OCR, around what only the service has: the
 * audit trail and the review queue. Filed: audited and routed (delivering is the caller's next
 * step); otherwise a review item with every reason. Safe to run again for the same document: a
 * decision made on the same OCR is not made or recorded twice, and a document a person is
 * reviewing is never filed behind their back. Errors as decide's (src/stages/decide.ts).
 */

export { PATIENT_INDEX_AMBIGUOUS } from '../stages/decide/decide.ts';

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

  const fields = extract(pages, config.extraction);
  const decision = await decide(fields, index, config, pages);
  if (decision.outcome === 'file') {
    const { patient, sinks, evidence } = decision;
    if (!history.filedOnThisOcr) await audit.append(filedEvent({ documentId, fingerprint, fields, evidence, sinks }));
    return { outcome: 'filed', fields, patient, sinks };
  }

  // openItem returns the live item if one is open already (a re-run after a crash).
  const { item } = await review.openItem({ documentId, reasons: decision.reasons, extracted: toJsonValue(fields) });
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

/** ExtractedFields as the JSON the review store keeps (no undefined values). */
function toJsonValue(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
