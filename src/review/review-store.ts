import type { JsonValue } from '../storage/storage.ts';

/**
 * What people decide about documents: review items for documents Recto would not file by
 * itself. Each change writes its event to the audit log in the same transaction (read a
 * trail back with AuditLog.trailOf); deliveries are their own store (delivery-store.ts).
 * Kept beside the document metadata (the embedded store puts both in one SQLite file) and
 * safe to use from several processes.
 */

export type ReviewStatus = 'open' | 'claimed' | 'approved' | 'rejected';

/** Why a document needs a person: a stable code and a sentence for the reviewer. */
export interface ReviewReason {
  code: string;
  message: string;
}

export interface ReviewItem {
  /** `rev_` + ULID. */
  id: string;
  documentId: string;
  status: ReviewStatus;
  reasons: ReviewReason[];
  /** What extraction found (ExtractedFields as JSON), with page and box for each value. */
  extracted: JsonValue;
  /** Fields a reviewer set, by name (e.g. nhsNumber, birthDate); they override `extracted`. */
  corrections: Record<string, JsonValue>;
  claimedBy: string | null;
  decidedBy: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}


/** What an approval was decided on (see ReviewStore.decide). */
export interface DecisionRecord {
  corrections?: Record<string, JsonValue>;
  resolutions?: JsonValue;
  /** The patient the approval files the document to: the audit event names them, so views of the document count as views of their record. */
  patientNhsNumber?: string | null;
}

export interface ReviewList {
  /** Oldest first: the queue is worked in arrival order. */
  items: ReviewItem[];
  nextCursor: string | null;
}

export interface ReviewStore {
  /** One live (open or claimed) item per document: asking again returns it (`created: false`). */
  openItem(input: { documentId: string; reasons: ReviewReason[]; extracted: JsonValue }): Promise<{ item: ReviewItem; created: boolean }>;
  getItem(id: string): Promise<ReviewItem | null>;
  /** The document's live item, else its newest decided one (null: it never went to review), so its status page can link to it. */
  currentItemOf(documentId: string): Promise<ReviewItem | null>;
  /** currentItemOf for many documents in one read (a list page), by document id; documents never in review are absent. */
  currentItemsOf(documentIds: readonly string[]): Promise<Map<string, ReviewItem>>;
  listItems(query: { status?: ReviewStatus; limit: number; cursor?: string }): Promise<ReviewList>;
  /** Throws REVIEW_CONFLICT when someone else holds it or it is decided. Claiming one's own claim again is a no-op. */
  claim(id: string, actor: string): Promise<ReviewItem>;
  /** Gives a claimed item back to the queue; only its holder can. */
  release(id: string, actor: string): Promise<ReviewItem>;
  /** Merges corrections (null removes one); only the holder of the claim can. */
  correct(id: string, actor: string, corrections: Record<string, JsonValue>): Promise<ReviewItem>;
  /**
   * Approves or rejects; only the holder of the claim can, once. An approval may carry what it
   * was decided on: corrections merged in the same write (the identity the reviewer confirmed)
   * and how each review reason was resolved, which the audit event records beside the item.
   */
  decide(id: string, actor: string, decision: 'approved' | 'rejected', note?: string, approval?: DecisionRecord): Promise<ReviewItem>;
  close(): Promise<void>;
}
