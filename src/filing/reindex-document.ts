import type { AuditLog } from '../audit/audit-log.ts';
import { RectoError } from '../core/errors.ts';
import type { Sidecar } from '../core/sidecar.ts';
import type { PatientIndex } from '../matching/patient-index.ts';
import type { ReviewStore } from '../review/review-store.ts';
import { indexStoredDocument } from '../search/index-stored-document.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { Storage } from '../storage/storage.ts';
import { filingDecisions } from './filing-audit.ts';
import { indexApprovedItem, indexFiledDocument } from './index-filing-outcome.ts';

/**
 * Rebuilds one document's search entry from what is stored, by the rules the pipeline indexes
 * with (index-filing-outcome.ts): filed by Recto, under the patient its latest document.filed
 * event names; approved in review, under the approved patient; in review, not yet filed, or
 * captured without a trust configuration, under no patient; capture failed, rejected in review
 * or no longer stored, removed. Safe to run again: the same facts give the same entry.
 */

export interface ReindexSources {
  storage: Storage;
  search: SearchIndex;
  audit: AuditLog;
  review: ReviewStore;
  /** The trust's patient index (filed and approved documents are named as it gives the patient); null: those are skipped. */
  patientIndex: PatientIndex | null;
}

export type ReindexOutcome =
  | { documentId: string; action: 'indexed'; /** The NHS number it is indexed under; null: found by its words only. */ nhsNumber: string | null }
  | { documentId: string; action: 'removed'; reason: string }
  /** Left as it is: nothing to index yet, or what it needs is missing here. */
  | { documentId: string; action: 'skipped'; reason: string };

export async function reindexDocument(sources: ReindexSources, documentId: string): Promise<ReindexOutcome> {
  const { storage, search } = sources;
  const removed = async (reason: string): Promise<ReindexOutcome> => {
    await search.removeDocument(documentId);
    return { documentId, action: 'removed', reason };
  };
  const unattributed = async (): Promise<ReindexOutcome> => {
    await indexStoredDocument({ storage, search, documentId, patient: null });
    return { documentId, action: 'indexed', nhsNumber: null };
  };
  const needsIndex = (what: string): ReindexOutcome => ({ documentId, action: 'skipped', reason: `${what}: naming its patient needs the patient index (give the trust configuration)` });

  const document = await storage.metadata.getDocument(documentId);
  if (!document) return removed('no longer stored');
  if (document.status === 'failed') return removed('capture failed');
  if (document.status !== 'done') return { documentId, action: 'skipped', reason: `still being captured (${document.status}); it is indexed when read` };
  if (!document.outputs.sidecarKey) return { documentId, action: 'skipped', reason: 'no sidecar stored' };
  // Captured with no trust configuration: nothing files it, as assembly indexes it.
  if (!document.filing) return unattributed();

  const [latest] = filingDecisions(await sources.audit.trailOf(documentId));
  // Not decided yet (filing pending, or failed before deciding): found by its words, under no one.
  if (!latest) return unattributed();
  if (latest.kind === 'filed') {
    if (!latest.nhsNumber) throw new RectoError('INTERNAL', `the document.filed event of ${documentId} names no NHS number`);
    if (!sources.patientIndex) return needsIndex('filed');
    const patient = await sources.patientIndex.findByNhsNumber(latest.nhsNumber);
    if (!patient) return { documentId, action: 'skipped', reason: 'filed to a patient the patient index no longer holds' };
    const sidecar = JSON.parse((await storage.blobs.get(document.outputs.sidecarKey)).toString('utf8')) as Sidecar;
    await indexFiledDocument(sources, documentId, patient, sidecar.fields);
    return { documentId, action: 'indexed', nhsNumber: patient.nhsNumber };
  }
  const item = await sources.review.getItem(latest.reviewItemId);
  if (item?.status === 'rejected') return removed('rejected in review');
  if (item?.status !== 'approved') return unattributed();
  if (!sources.patientIndex) return needsIndex('approved in review');
  await indexApprovedItem({ storage, search, patientIndex: sources.patientIndex }, item);
  return { documentId, action: 'indexed', nhsNumber: typeof item.corrections.nhsNumber === 'string' ? item.corrections.nhsNumber : null };
}
