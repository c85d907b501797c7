import type Database from 'better-sqlite3';
import { readAuditKey } from '../audit/audit-key.ts';
import type { NewAuditEvent } from '../audit/audit-log.ts';
import { RectoError } from '../core/errors.ts';
import { newPrefixedUlid } from '../storage/document-id.ts';
import type {
  DecisionRecord,
  ReviewItem,
  ReviewList,
  ReviewReason,
  ReviewStatus,
  ReviewStore,
} from './review-store.ts';
import { SqliteAuditLog } from '../storage/sqlite-audit-log.ts';
import { type AuditEventRow, storedEvent } from '../storage/sqlite-audit-statements.ts';
import { guard } from '../storage/sqlite-guard.ts';
import { defaultAuditKeyFileOf, openDatabase, prepareReviewStatements, type ReviewStatements } from '../storage/sqlite-schema.ts';
import type { JsonValue, StoredError } from '../storage/storage.ts';

const MAX_PAGE_SIZE = 500;
const REVIEW_ID_PATTERN = /^rev_[0-9A-HJKMNP-TV-Z]{26}$/;

interface ReviewRow {
  id: string;
  document_id: string;
  status: ReviewStatus;
  reasons: string;
  extracted: string;
  corrections: string;
  claimed_by: string | null;
  decided_by: string | null;
  note: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * The ReviewStore on the same SQLite file as the documents. Every change to a review item and
 * its audit event are written in one IMMEDIATE transaction, so the trail can never miss a
 * change or record one that did not happen. The events go into the one chained audit log,
 * which shares this store's connection for that reason.
 */
export class SqliteReviewStore implements ReviewStore {
  /** The audit log, on this store's connection. */
  readonly audit: SqliteAuditLog;
  private readonly db: Database.Database;
  private readonly sql: ReviewStatements;

  constructor(file: string, options: { busyTimeoutMs: number; auditKeyFile?: string }) {
    const auditKeyFile = options.auditKeyFile ?? defaultAuditKeyFileOf(file);
    this.db = guard(() => openDatabase(file, options.busyTimeoutMs, { auditKeyFile }));
    try {
      this.sql = prepareReviewStatements(this.db);
      this.audit = new SqliteAuditLog(this.db, readAuditKey(auditKeyFile), auditKeyFile);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  async openItem(input: { documentId: string; reasons: ReviewReason[]; extracted: JsonValue }): Promise<{ item: ReviewItem; created: boolean }> {
    const open = this.db.transaction(() => {
      const live = this.sql.liveItemOfDocument.get(input.documentId) as ReviewRow | undefined;
      if (live) return { item: itemFromRow(live), created: false };
      const now = Date.now();
      const id = newPrefixedUlid('rev_', now);
      this.sql.insertItem.run(id, input.documentId, JSON.stringify(input.reasons), JSON.stringify(input.extracted), now, now);
      const item = this.requireItem(id);
      this.appendEvent({ actor: 'recto', action: 'review.opened', subjectId: id, before: null, after: snapshot(item) }, now);
      return { item, created: true };
    });
    return guard(() => open.immediate());
  }

  async getItem(id: string): Promise<ReviewItem | null> {
    return guard(() => {
      const row = this.sql.itemById.get(id) as ReviewRow | undefined;
      return row ? itemFromRow(row) : null;
    });
  }

  async currentItemOf(documentId: string): Promise<ReviewItem | null> {
    return guard(() => {
      const row = this.sql.currentItemOfDocument.get(documentId) as ReviewRow | undefined;
      return row ? itemFromRow(row) : null;
    });
  }

  async currentItemsOf(documentIds: readonly string[]): Promise<Map<string, ReviewItem>> {
    const current = new Map<string, ReviewItem>();
    if (documentIds.length === 0) return current;
    // Same order as currentItemOfDocument, per document: the first row of each document wins.
    const rows = guard(() => this.sql.itemsOfDocuments.all(JSON.stringify(documentIds)) as ReviewRow[]);
    for (const row of rows) if (!current.has(row.document_id)) current.set(row.document_id, itemFromRow(row));
    return current;
  }

  async listItems(query: { status?: ReviewStatus; limit: number; cursor?: string }): Promise<ReviewList> {
    if (query.cursor !== undefined && !REVIEW_ID_PATTERN.test(query.cursor)) {
      throw new RectoError('INVALID_CURSOR', `not a cursor this store made: ${JSON.stringify(query.cursor.slice(0, 60))}`);
    }
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit) || 1));
    const parameters = { after: query.cursor ?? '', status: query.status, limit: limit + 1 };
    const rows = guard(
      () => (query.status === undefined ? this.sql.itemsAfter.all(parameters) : this.sql.itemsWithStatusAfter.all(parameters)) as ReviewRow[],
    );
    const items = rows.slice(0, limit).map(itemFromRow);
    return { items, nextCursor: rows.length > limit ? items[limit - 1].id : null };
  }

  async claim(id: string, actor: string): Promise<ReviewItem> {
    return this.change(id, actor, 'review.claimed', (item) => {
      if (item.status === 'claimed' && item.claimedBy === actor) return null;
      if (item.status !== 'open') throw conflict(item, `cannot be claimed by ${actor}`);
      return { status: 'claimed', claimed_by: actor };
    });
  }

  async release(id: string, actor: string): Promise<ReviewItem> {
    return this.change(id, actor, 'review.released', (item) => {
      assertHolder(item, actor);
      return { status: 'open', claimed_by: null };
    });
  }

  async correct(id: string, actor: string, corrections: Record<string, JsonValue>): Promise<ReviewItem> {
    return this.change(id, actor, 'review.corrected', (item) => {
      assertHolder(item, actor);
      const merged: Record<string, JsonValue> = { ...item.corrections };
      for (const [field, value] of Object.entries(corrections)) {
        if (value === null) delete merged[field];
        else merged[field] = value;
      }
      return { corrections: JSON.stringify(merged) };
    });
  }

  async decide(id: string, actor: string, decision: 'approved' | 'rejected', note?: string, approval?: DecisionRecord): Promise<ReviewItem> {
    const recorded = approval?.resolutions === undefined ? undefined : { resolutions: approval.resolutions };
    return this.change(
      id,
      actor,
      `review.${decision}`,
      (item) => {
        assertHolder(item, actor);
        const columns: Record<string, string | null> = { status: decision, decided_by: actor, note: note ?? null };
        if (approval?.corrections) columns.corrections = JSON.stringify({ ...item.corrections, ...approval.corrections });
        return columns;
      },
      recorded,
      approval?.patientNhsNumber ?? null,
    );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Reads, checks, writes and audits one change under the write lock; a null change is a no-op. */
  private async change(
    id: string,
    actor: string,
    action: string,
    decide: (item: ReviewItem) => Record<string, string | null> | null,
    recordedWith?: Record<string, JsonValue>,
    patientNhsNumber: string | null = null,
  ): Promise<ReviewItem> {
    const run = this.db.transaction(() => {
      const before = this.requireItem(id);
      const columns = decide(before);
      if (!columns) return before;
      const now = Date.now();
      const current = {
        status: before.status,
        corrections: JSON.stringify(before.corrections),
        claimed_by: before.claimedBy,
        decided_by: before.decidedBy,
        note: before.note,
      };
      this.sql.updateItem.run({ ...current, ...columns, now, id });
      const after = this.requireItem(id);
      const afterSnapshot = recordedWith ? { ...(snapshot(after) as Record<string, JsonValue>), ...recordedWith } : snapshot(after);
      this.appendEvent({ actor, action, subjectId: id, before: snapshot(before), after: afterSnapshot, patientNhsNumber }, now);
      return after;
    });
    return guard(() => run.immediate());
  }

  private requireItem(id: string): ReviewItem {
    const row = this.sql.itemById.get(id) as ReviewRow | undefined;
    if (!row) throw new RectoError('REVIEW_ITEM_NOT_FOUND', `no review item ${id}`);
    return itemFromRow(row);
  }

  private appendEvent(event: NewAuditEvent, at: number): void {
    this.audit.appendInTransaction(event, at);
  }
}

function itemFromRow(row: ReviewRow): ReviewItem {
  return {
    id: row.id,
    documentId: row.document_id,
    status: row.status,
    reasons: JSON.parse(row.reasons),
    extracted: JSON.parse(row.extracted),
    corrections: JSON.parse(row.corrections),
    claimedBy: row.claimed_by,
    decidedBy: row.decided_by,
    note: row.note,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** What the audit trail keeps of an item: what a person can change, not the bulky extraction. */
function snapshot(item: ReviewItem): JsonValue {
  return { status: item.status, claimedBy: item.claimedBy, decidedBy: item.decidedBy, corrections: item.corrections, note: item.note };
}

function assertHolder(item: ReviewItem, actor: string): void {
  if (item.status !== 'claimed' || item.claimedBy !== actor) throw conflict(item, `${actor} must claim it first`);
}

function conflict(item: ReviewItem, why: string): RectoError {
  const state = item.status === 'claimed' ? `claimed by ${item.claimedBy}` : item.status;
  return new RectoError('REVIEW_CONFLICT', `review item ${item.id} is ${state}: ${why}`);
}
