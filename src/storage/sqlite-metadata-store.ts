import type Database from 'better-sqlite3';
import { RectoError } from '../core/errors.ts';
import { isDocumentId, newDocumentId } from './document-id.ts';
import { assertDocumentTransition } from './document-status.ts';
import { documentFromRow, type DocumentRow, jsonOrNull, pageFromRow, type PageRow } from './sqlite-rows.ts';
import { guard } from './sqlite-guard.ts';
import { openDatabase, prepareStatements, type Statements } from './sqlite-schema.ts';
import type {
  DocumentList,
  DocumentPatch,
  DocumentRecord,
  DocumentStatus,
  FilingPatch,
  ListDocumentsQuery,
  MetadataStore,
  NewDocument,
  PagePatch,
  PageRecord,
  SearchStaleMark,
  StaleDocument,
} from './storage.ts';

/** Long enough to wait out another process's write; short enough that a stuck lock is reported. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const MAX_PAGE_SIZE = 500;
/** Sorts after every document id, so "ids before this" is the first page. */
const AFTER_EVERY_ID = 'doc_~';
const NO_OUTPUTS = { pdfKey: null, textKey: null, sidecarKey: null };

/**
 * The MetadataStore on one SQLite file that several processes (API, workers) open at once.
 * Each write that reads before it writes runs in a BEGIN IMMEDIATE transaction: the write lock
 * is taken first, so no other process can change the row between the read and the write.
 * better-sqlite3 is synchronous; the methods are async only to match the interface.
 */
export class SqliteMetadataStore implements MetadataStore {
  private readonly db: Database.Database;
  private readonly sql: Statements;

  /** auditKeyFile: only needed when opening the file migrates it (see sqlite-schema.ts). */
  constructor(file: string, options: { busyTimeoutMs?: number; auditKeyFile?: string } = {}) {
    this.db = guard(() => openDatabase(file, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, { auditKeyFile: options.auditKeyFile }));
    this.sql = prepareStatements(this.db);
  }

  async createDocumentIfAbsent(input: NewDocument): Promise<{ document: DocumentRecord; created: boolean }> {
    // ON CONFLICT DO NOTHING then SELECT: whichever process inserts first wins, and every
    // other one reads back that winner's row instead of failing on the unique sha256.
    const create = this.db.transaction(() => {
      const now = Date.now();
      const { changes } = this.sql.insertDocumentIfAbsent.run({
        id: newDocumentId(now),
        sha256: input.sha256,
        original_key: input.originalKey,
        file_name: input.fileName,
        size_bytes: input.sizeBytes,
        format: input.format,
        metadata: JSON.stringify(input.metadata ?? {}),
        outputs: JSON.stringify(NO_OUTPUTS),
        created_at: now,
      });
      const row = this.sql.documentBySha256.get(input.sha256) as DocumentRow;
      return { document: documentFromRow(row), created: changes === 1 };
    });
    return guard(() => create.immediate());
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    return guard(() => this.documentOrNull(this.sql.documentById.get(id)));
  }

  async findBySha256(sha256: string): Promise<DocumentRecord | null> {
    return guard(() => this.documentOrNull(this.sql.documentBySha256.get(sha256)));
  }

  async listDocuments(query: ListDocumentsQuery): Promise<DocumentList> {
    if (query.cursor !== undefined && !isDocumentId(query.cursor)) {
      throw new RectoError('INVALID_CURSOR', `not a cursor this store made: ${JSON.stringify(query.cursor.slice(0, 60))}`);
    }
    const limit = Number.isFinite(query.limit) ? Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit))) : 1;
    // One row more than asked for says whether there is a next page without a COUNT.
    const parameters = { before: query.cursor ?? AFTER_EVERY_ID, limit: limit + 1, status: query.status, filing: query.filing };
    const statement =
      query.status === undefined
        ? query.filing === undefined ? this.sql.documentsBefore : this.sql.documentsWithFilingBefore
        : query.filing === undefined ? this.sql.documentsWithStatusBefore : this.sql.documentsWithStatusAndFilingBefore;
    const rows = guard(() => statement.all(parameters) as DocumentRow[]);
    const documents = rows.slice(0, limit).map(documentFromRow);
    return { documents, nextCursor: rows.length > limit ? documents[limit - 1].id : null };
  }

  async updateDocument(id: string, patch: DocumentPatch): Promise<DocumentRecord> {
    const update = this.db.transaction(() => {
      const current = this.requireDocument(id);
      const status = patch.status ?? current.status;
      if (patch.ifStatus !== undefined && current.status !== patch.ifStatus) {
        throw new RectoError('INVALID_STATUS_TRANSITION', `document ${id} is ${current.status}, not ${patch.ifStatus}; nothing was changed`);
      }
      assertDocumentTransition(id, current.status, status);
      this.sql.updateDocument.run({
        id,
        status,
        page_count: patch.pageCount === undefined ? current.pageCount : patch.pageCount,
        error: jsonOrNull(patch.error === undefined ? current.error : patch.error),
        outputs: JSON.stringify({ ...current.outputs, ...patch.outputs }),
        attempts: current.attempts + (patch.status === 'processing' ? 1 : 0),
        timings: JSON.stringify({ ...current.timingsMs, ...patch.timingsMs }),
        updated_at: Date.now(),
      });
      return this.requireDocument(id);
    });
    return guard(() => update.immediate());
  }

  async updateFiling(id: string, patch: FilingPatch): Promise<DocumentRecord> {
    const update = this.db.transaction(() => {
      const current = this.requireDocument(id);
      const now = current.filing?.status ?? null;
      if (patch.ifStatus !== undefined && now !== patch.ifStatus) {
        throw new RectoError('INVALID_STATUS_TRANSITION', `the filing of document ${id} is ${now ?? 'not queued'}, not ${patch.ifStatus ?? 'not queued'}; nothing was changed`);
      }
      this.sql.updateFiling.run({
        id,
        filing: patch.status,
        filing_error: patch.status === 'failed' ? jsonOrNull(patch.error ?? null) : null,
        filing_attempts: (current.filing?.attempts ?? 0) + (patch.status === 'pending' && now !== 'pending' ? 1 : 0),
        filing_updated_at: Date.now(),
      });
      return this.requireDocument(id);
    });
    return guard(() => update.immediate());
  }

  async upsertPage(documentId: string, index: number, patch: PagePatch): Promise<PageRecord> {
    const upsert = this.db.transaction(() => {
      this.requireDocument(documentId);
      const row = this.sql.pageByKey.get(documentId, index) as PageRow | undefined;
      const current = row ? pageFromRow(row) : undefined;
      const pick = <K extends keyof PagePatch>(field: K, fallback: NonNullable<PagePatch[K]> | null) =>
        patch[field] === undefined ? (current?.[field] ?? fallback) : patch[field];
      this.sql.upsertPage.run({
        document_id: documentId,
        page_index: index,
        status: pick('status', 'split'),
        image_key: pick('imageKey', null),
        cleaned_key: pick('cleanedKey', null),
        ocr_key: pick('ocrKey', null),
        error: jsonOrNull(pick('error', null)),
        timings: JSON.stringify({ ...current?.timingsMs, ...patch.timingsMs }),
        updated_at: Date.now(),
      });
      return pageFromRow(this.sql.pageByKey.get(documentId, index) as PageRow);
    });
    return guard(() => upsert.immediate());
  }

  async listPages(documentId: string): Promise<PageRecord[]> {
    return guard(() => (this.sql.pagesOfDocument.all(documentId) as PageRow[]).map(pageFromRow));
  }

  async countByStatus(): Promise<Record<DocumentStatus, number>> {
    const counts: Record<DocumentStatus, number> = { queued: 0, processing: 0, done: 0, failed: 0 };
    const rows = guard(() => this.sql.countByStatus.all() as { status: DocumentStatus; count: number }[]);
    for (const { status, count } of rows) counts[status] = count;
    return counts;
  }

  async listStaleDocuments(before: Date, limit: number): Promise<{ documents: StaleDocument[]; count: Record<StaleDocument['status'], number> }> {
    // All of them (few, when anything is stuck at all) to count; the first `limit` returned.
    const rows = guard(
      () =>
        this.sql.staleDocuments.all({ before: before.getTime() }) as Array<{
          id: string;
          status: StaleDocument['status'];
          attempts: number;
          created_at: number;
          last_progress: number;
        }>,
    );
    const count = { queued: 0, processing: 0 };
    for (const row of rows) count[row.status]++;
    const documents = rows.slice(0, Math.max(0, limit)).map((row) => ({
      id: row.id,
      status: row.status,
      attempts: row.attempts,
      lastProgressAt: new Date(row.last_progress).toISOString(),
      createdAt: new Date(row.created_at).toISOString(),
    }));
    return { documents, count };
  }

  async markSearchStale(documentId: string): Promise<SearchStaleMark> {
    const mark = this.db.transaction(() => {
      const row = this.sql.documentById.get(documentId) as { search_stale_since: number | null } | undefined;
      if (!row) throw new RectoError('DOCUMENT_NOT_FOUND', `no document with id ${documentId}`);
      // Never the same millisecond as the mark a repair may be clearing right now: that one is older.
      const earlier = row.search_stale_since ?? 0;
      const since = Math.max(Date.now(), earlier + 1);
      this.sql.markSearchStale.run({ id: documentId, since });
      return { documentId, since: new Date(since).toISOString() };
    });
    return guard(() => mark.immediate());
  }

  async listSearchStale(limit?: number): Promise<SearchStaleMark[]> {
    // SQLite reads a negative LIMIT as none.
    const rows = guard(() => this.sql.searchStaleDocuments.all({ limit: limit === undefined ? -1 : Math.max(0, Math.floor(limit)) }) as Array<{ id: string; search_stale_since: number }>);
    return rows.map((row) => ({ documentId: row.id, since: new Date(row.search_stale_since).toISOString() }));
  }

  async clearSearchStale(mark: SearchStaleMark): Promise<void> {
    guard(() => this.sql.clearSearchStale.run({ id: mark.documentId, since: Date.parse(mark.since) }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private documentOrNull(row: unknown): DocumentRecord | null {
    return row === undefined ? null : documentFromRow(row as DocumentRow);
  }

  private requireDocument(id: string): DocumentRecord {
    const document = this.documentOrNull(this.sql.documentById.get(id));
    if (!document) throw new RectoError('DOCUMENT_NOT_FOUND', `no document with id ${id}`);
    return document;
  }
}
