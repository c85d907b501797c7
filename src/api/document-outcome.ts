import type { AuditLog, StoredAuditEvent } from '../audit/audit-log.ts';
import { DOCUMENT_FILED } from '../filing/filing-audit.ts';
import type { IndexedPatient } from '../matching/patient-index.ts';
import type { ReviewItem, ReviewReason } from '../review/review-store.ts';
import type { DocumentRecord, JsonValue, StoredError } from '../storage/storage.ts';

/**
 * Where a document ended up, in one place for the API and the records pages: filed (to whom,
 * automatically or approved by whom), in review (why), rejected (by whom, why) or failed (the
 * typed error). Read from the facts that decided it: the audit trail's document.filed event
 * for what Recto filed itself, the review item for what a person decided.
 */
export interface DocumentOutcome {
  status: 'pending' | 'filed' | 'review' | 'rejected' | 'failed';
  /** When filed: the patient, the name as the patient index gives it (null if the index could not say). */
  patient: { nhsNumber: string; name: string | null } | null;
  /** When filed: by Recto's rules, or approved by a reviewer. */
  how: 'automatically' | 'approved' | null;
  /** The user who approved or rejected; null when Recto decided. */
  by: string | null;
  /** When it was filed or rejected (ISO time). */
  at: string | null;
  /** The review item it went through or waits in. */
  reviewItemId: string | null;
  /** When in review: why a person must decide. */
  reasons: ReviewReason[];
  /** When rejected: the reviewer's note. */
  note: string | null;
  /** When failed: the typed error the last filing try ended with. */
  error: StoredError | null;
}

export interface OutcomeSources {
  review?: ReviewStore;
  audit?: Pick<AuditLog, 'latestOf'>;
  /** The trust's patient index, for the patient's name (absent: no filing configured here). */
  findPatient?: (nhsNumber: string) => Promise<IndexedPatient | null>;
}
type ReviewStore = { currentItemsOf(documentIds: readonly string[]): Promise<Map<string, ReviewItem>> };

/**
 * Outcomes of many documents with a fixed number of store reads (one for review items, one for
 * filing events) and one index look-up per distinct patient: a list page of 50 stays cheap.
 */
export async function documentOutcomes(documents: readonly DocumentRecord[], sources: OutcomeSources): Promise<Map<string, DocumentOutcome | null>> {
  const inReview = documents.filter((document) => document.filing?.status === 'review').map((document) => document.id);
  const filed = documents.filter((document) => document.filing?.status === 'filed').map((document) => document.id);
  const [items, filedEvents] = await Promise.all([
    inReview.length > 0 && sources.review ? sources.review.currentItemsOf(inReview) : new Map<string, ReviewItem>(),
    filed.length > 0 && sources.audit ? sources.audit.latestOf(filed, DOCUMENT_FILED) : new Map<string, StoredAuditEvent>(),
  ]);
  const names = patientNames(sources.findPatient);
  const outcomes = new Map<string, DocumentOutcome | null>();
  await Promise.all(
    documents.map(async (document) => {
      const filedEvent = filedEvents.get(document.id);
      const nhsNumber = filedEvent?.patientNhsNumber ?? null;
      outcomes.set(document.id, await outcomeOf(document, items.get(document.id) ?? null, filedEvent ? { nhsNumber, at: filedEvent.at } : null, names));
    }),
  );
  return outcomes;
}

const EMPTY: DocumentOutcome = { status: 'pending', patient: null, how: null, by: null, at: null, reviewItemId: null, reasons: [], note: null, error: null };

async function outcomeOf(
  document: DocumentRecord,
  item: ReviewItem | null,
  filedEvent: { nhsNumber: string | null; at: string } | null,
  nameOf: (nhsNumber: string, fallback: string | null) => Promise<string | null>,
): Promise<DocumentOutcome | null> {
  const filing = document.filing;
  if (!filing) return null;
  if (filing.status === 'pending') return EMPTY;
  if (filing.status === 'failed') return { ...EMPTY, status: 'failed', error: filing.error };
  if (filing.status === 'filed') {
    const nhsNumber = filedEvent?.nhsNumber ?? null;
    const patient = nhsNumber ? { nhsNumber, name: await nameOf(nhsNumber, null) } : null;
    return { ...EMPTY, status: 'filed', patient, how: 'automatically', at: filedEvent?.at ?? filing.updatedAt };
  }
  // Filing handed it to a person: the review item says what they decided, if anything yet.
  if (item?.status === 'approved') {
    const nhsNumber = stringOf(item.corrections.nhsNumber);
    const typed = [...stringsOf(item.corrections.given), stringOf(item.corrections.family)].filter(Boolean).join(' ') || null;
    const patient = nhsNumber ? { nhsNumber, name: await nameOf(nhsNumber, typed) } : null;
    return { ...EMPTY, status: 'filed', patient, how: 'approved', by: item.decidedBy, at: item.updatedAt, reviewItemId: item.id };
  }
  if (item?.status === 'rejected') return { ...EMPTY, status: 'rejected', by: item.decidedBy, at: item.updatedAt, note: item.note, reviewItemId: item.id };
  return { ...EMPTY, status: 'review', reviewItemId: item?.id ?? null, reasons: item?.reasons ?? [] };
}

/**
 * Each patient looked up once per answer. An index that cannot answer leaves the name out (or
 * the reviewer's, which the index agreed with at approval) rather than failing a status page.
 */
function patientNames(findPatient: OutcomeSources['findPatient']) {
  const asked = new Map<string, Promise<IndexedPatient | null>>();
  return async (nhsNumber: string, fallback: string | null): Promise<string | null> => {
    if (!findPatient) return fallback;
    if (!asked.has(nhsNumber)) asked.set(nhsNumber, findPatient(nhsNumber).catch(() => null));
    const patient = await asked.get(nhsNumber)!;
    return patient ? [...patient.given, patient.family].join(' ') : fallback;
  };
}

function stringOf(value: JsonValue | undefined): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function stringsOf(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((part): part is string => typeof part === 'string') : [];
}
