import type Database from 'better-sqlite3';
import { guard } from '../storage/sqlite-guard.ts';
import { DEFAULT_SEARCH_BUSY_TIMEOUT_MS, openSearchDatabase } from './open-search-database.ts';
import type { IndexedDocument, SearchHit, SearchIndex, SearchPage, SearchQuery } from './search-index.ts';
import { SqliteSearchReader } from './sqlite-search-reader.ts';
import { migrateSearchSchema } from './sqlite-search-schema.ts';
import { SqliteSearchWriter } from './sqlite-search-writer.ts';
import { validateSearchQuery } from './validate-search-query.ts';

export interface SqliteSearchIndexOptions {
  busyTimeoutMs?: number;
}

/**
 * The embedded search index: SQLite FTS5 in its own file (or in a database the caller already
 * has open). better-sqlite3 is synchronous; the interface is async so that a PostgreSQL index
 * can stand behind it unchanged. SQLite failures come out as RectoErrors (busy or full disk:
 * STORAGE_UNAVAILABLE, retryable).
 */
export class SqliteSearchIndex implements SearchIndex {
  private readonly writer: SqliteSearchWriter;
  private readonly reader: SqliteSearchReader;

  private constructor(
    private readonly db: Database.Database,
    private readonly ownsDatabase: boolean,
  ) {
    this.writer = new SqliteSearchWriter(db);
    this.reader = new SqliteSearchReader(db);
  }

  /** Opens (creating and migrating if need be) an index file; close() closes it. */
  static open(file: string, options: SqliteSearchIndexOptions = {}): SqliteSearchIndex {
    const db = guard(() => openSearchDatabase(file, options.busyTimeoutMs ?? DEFAULT_SEARCH_BUSY_TIMEOUT_MS));
    return new SqliteSearchIndex(db, true);
  }

  /** Adds the search tables to a database the caller opened and will close (its pragmas are left as they are). */
  static inDatabase(db: Database.Database): SqliteSearchIndex {
    guard(() => migrateSearchSchema(db));
    return new SqliteSearchIndex(db, false);
  }

  async indexDocument(document: IndexedDocument): Promise<void> {
    guard(() => this.writer.index(document));
  }

  async removeDocument(documentId: string): Promise<void> {
    guard(() => this.writer.remove(documentId));
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    const search = validateSearchQuery(query);
    // One read transaction: the hits and their pages' words come from one snapshot, however
    // another process re-indexes a document in between the two queries.
    return guard(() => this.db.transaction(() => this.reader.search(search))());
  }

  async patientDocuments(nhsNumber: string, page: { limit?: number; cursor?: string } = {}): Promise<SearchPage> {
    return this.search({ nhsNumber, ...page });
  }

  async documentHits(documentId: string, text?: string): Promise<SearchHit | null> {
    // Checked as a search's words are: a bad text is INVALID_SEARCH_QUERY before any SQL.
    const parsed = text?.trim() ? validateSearchQuery({ text }).text : null;
    return guard(() => this.db.transaction(() => this.reader.documentHits(documentId, parsed))());
  }

  async documentIds(): Promise<string[]> {
    return guard(() => (this.db.prepare('SELECT document_id FROM search_documents ORDER BY document_id').pluck().all() as string[]));
  }

  async close(): Promise<void> {
    if (this.ownsDatabase && this.db.open) this.db.close();
  }
}
