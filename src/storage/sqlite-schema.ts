import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultAuditKeyFile, loadOrCreateAuditKey } from '../audit/audit-key.ts';
import { RectoError } from '../core/errors.ts';
import { chainAuditEvents } from './sqlite-audit-migration.ts';

/**
 * All of the SQLite store's SQL: the schema, its migrations and the statements the store runs
 * (the audit log's are beside it: sqlite-audit-migration.ts, sqlite-audit-statements.ts).
 * JSON columns are TEXT (checked with json_valid); times are integer milliseconds since 1970.
 */

/** What a migration written in code (not SQL) may need beyond the database. */
export interface MigrationContext {
  /** The audit chain's key (created on first use): chaining existing events needs it. */
  auditKey(): Buffer;
}

/** SQL, or code for what SQL cannot do alone (e.g. hashing existing rows); both run inside the migration's transaction. */
type Migration = string | ((db: Database.Database, context: MigrationContext) => void);

/**
 * Migration n takes a database from user_version n to n + 1. Append only: a database that
 * has run a migration must never see it change.
 */
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    sha256       TEXT NOT NULL UNIQUE,
    original_key TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    format       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'done', 'failed')),
    page_count   INTEGER,
    error        TEXT CHECK (error IS NULL OR json_valid(error)),
    metadata     TEXT NOT NULL CHECK (json_valid(metadata)),
    outputs      TEXT NOT NULL CHECK (json_valid(outputs)),
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX documents_by_status ON documents (status, id);

  CREATE TABLE pages (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    page_index  INTEGER NOT NULL CHECK (page_index >= 0),
    status      TEXT NOT NULL CHECK (status IN ('split', 'cleaned', 'ocr_done', 'failed')),
    image_key   TEXT,
    cleaned_key TEXT,
    ocr_key     TEXT,
    error       TEXT CHECK (error IS NULL OR json_valid(error)),
    timings     TEXT NOT NULL CHECK (json_valid(timings)),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (document_id, page_index)
  ) STRICT, WITHOUT ROWID;
  `,
  `
  CREATE TABLE review_items (
    id           TEXT PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'approved', 'rejected')),
    reasons      TEXT NOT NULL CHECK (json_valid(reasons)),
    extracted    TEXT NOT NULL CHECK (json_valid(extracted)),
    corrections  TEXT NOT NULL CHECK (json_valid(corrections)),
    claimed_by   TEXT,
    decided_by   TEXT,
    note         TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
  ) STRICT;
  -- At most one live item per document, whichever process opens it first.
  CREATE UNIQUE INDEX review_items_live ON review_items (document_id) WHERE status IN ('open', 'claimed');
  CREATE INDEX review_items_by_status ON review_items (status, id);

  -- Append-only: the triggers refuse to change or remove what happened.
  CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    before      TEXT CHECK (before IS NULL OR json_valid(before)),
    after       TEXT CHECK (after IS NULL OR json_valid(after))
  ) STRICT;
  CREATE INDEX audit_events_by_subject ON audit_events (subject_id, id);
  CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

  CREATE TABLE deliveries (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    sink        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    receipt     TEXT CHECK (receipt IS NULL OR json_valid(receipt)),
    error       TEXT CHECK (error IS NULL OR json_valid(error)),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (document_id, sink)
  ) STRICT, WITHOUT ROWID;
  `,
  `
  -- Sign-in. Secrets are never stored: passwords as argon2id hashes, session ids and API token
  -- secrets as SHA-256 (they are 256-bit random, so a slow hash adds nothing).
  CREATE TABLE users (
    name            TEXT PRIMARY KEY,
    display_name    TEXT NOT NULL,
    password_hash   TEXT,
    roles           TEXT NOT NULL CHECK (json_valid(roles)),
    disabled        INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    identity     TEXT NOT NULL CHECK (json_valid(identity)),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX sessions_by_expiry ON sessions (expires_at);

  CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    roles        TEXT NOT NULL CHECK (json_valid(roles)),
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER,
    revoked_by   TEXT
  ) STRICT;

  -- An OpenID Connect sign-in between leaving for the identity provider and coming back.
  CREATE TABLE sign_in_transactions (
    key_hash    TEXT PRIMARY KEY,
    transaction_json TEXT NOT NULL CHECK (json_valid(transaction_json)),
    created_at  INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,
  // The hash-chained audit log (src/audit): adds where from, what, the patient, and the chain.
  chainAuditEvents,
  `
  -- Where filing stands for each captured document (NULL: never queued for filing), so a
  -- filing that ran out of tries shows in the API and can be re-filed, instead of living only
  -- as a failed job in Redis. Kept apart from status: capture and filing fail separately.
  ALTER TABLE documents ADD COLUMN filing TEXT CHECK (filing IS NULL OR filing IN ('pending', 'filed', 'review', 'failed'));
  ALTER TABLE documents ADD COLUMN filing_error TEXT CHECK (filing_error IS NULL OR json_valid(filing_error));
  ALTER TABLE documents ADD COLUMN filing_attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE documents ADD COLUMN filing_updated_at INTEGER;
  CREATE INDEX documents_by_filing ON documents (filing, id) WHERE filing IS NOT NULL;
  `,
  // Document-level stage times (the split), so the service's sidecar reports them as recto scan's does.
  `ALTER TABLE documents ADD COLUMN timings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(timings));`,
  `
  -- A delivery whose try failed but which the queue will try again is 'retrying', with when
  -- (next_attempt_at, ms): 'failed' is kept for one nothing will try again. SQLite cannot
  -- change a CHECK in place, so the table is rebuilt with the same rows.
  CREATE TABLE deliveries_v2 (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    sink        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'retrying', 'delivered', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    receipt     TEXT CHECK (receipt IS NULL OR json_valid(receipt)),
    error       TEXT CHECK (error IS NULL OR json_valid(error)),
    updated_at  INTEGER NOT NULL,
    next_attempt_at INTEGER,
    PRIMARY KEY (document_id, sink)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO deliveries_v2 (document_id, sink, status, attempts, receipt, error, updated_at)
    SELECT document_id, sink, status, attempts, receipt, error, updated_at FROM deliveries;
  DROP TABLE deliveries;
  ALTER TABLE deliveries_v2 RENAME TO deliveries;
  `,
  `
  -- When (ms) indexing a document for search last failed where no job retries it (an approval's
  -- re-index): the search index is rebuildable but not durable, so what it still owes is kept
  -- here, with the documents, until a repair (the service's timer, recto search reindex) clears it.
  ALTER TABLE documents ADD COLUMN search_stale_since INTEGER;
  CREATE INDEX documents_search_stale ON documents (search_stale_since, id) WHERE search_stale_since IS NOT NULL;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens (creating if need be) and migrates the database. WAL lets readers carry on while one
 * process writes; busy_timeout makes a process that finds the file locked by another wait
 * instead of failing; synchronous=FULL because a 202 must mean the row survives a power cut.
 *
 * Switching a new file to WAL can answer SQLITE_BUSY at once, without calling the busy
 * handler, while another process is doing the same (SQLite gives up rather than risk a
 * deadlock). So the whole set-up is retried, with a short growing pause, until the busy
 * timeout has passed: two processes starting together on a fresh data folder is normal
 * (an API and a worker started by one compose file).
 */
export function openDatabase(file: string, busyTimeoutMs: number, options: DatabaseOptions = {}): Database.Database {
  const auditKeyFile = options.auditKeyFile ?? defaultAuditKeyFileOf(file);
  let key: Buffer | undefined;
  const context: MigrationContext = { auditKey: () => (key ??= loadOrCreateAuditKey(auditKeyFile)) };
  const deadline = Date.now() + busyTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return openOnce(file, busyTimeoutMs, context);
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      sleepSync(Math.min(10 * attempt, 200));
    }
  }
}

export interface DatabaseOptions {
  /** The audit chain's key; by default audit.key beside the database file. */
  auditKeyFile?: string;
}

/** audit.key beside the database file (the data folder). */
export function defaultAuditKeyFileOf(databaseFile: string): string {
  return defaultAuditKeyFile(path.dirname(path.resolve(databaseFile)));
}

function openOnce(file: string, busyTimeoutMs: number, context: MigrationContext): Database.Database {
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, context);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** The store's constructor is synchronous (better-sqlite3 is), so the pause must be too. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function migrate(db: Database.Database, context: MigrationContext): void {
  const userVersion = () => db.pragma('user_version', { simple: true }) as number;
  if (userVersion() === SCHEMA_VERSION) return;
  // IMMEDIATE takes the write lock first, so of several processes opening a new file at once
  // one migrates and the others, re-reading the version under the lock, find nothing to do.
  db.transaction(() => {
    const from = userVersion();
    if (from > SCHEMA_VERSION) {
      throw new RectoError('STORAGE_SCHEMA_TOO_NEW', `database schema is version ${from}; this Recto knows up to ${SCHEMA_VERSION}`);
    }
    for (let version = from; version < SCHEMA_VERSION; version++) {
      const step = MIGRATIONS[version];
      if (typeof step === 'string') db.exec(step);
      else step(db, context);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

export type Statements = ReturnType<typeof prepareStatements>;

/** Prepared once per connection: parsing SQL on every call would cost more than running it. */
export function prepareStatements(db: Database.Database) {
  return {
    insertDocumentIfAbsent: db.prepare(`
      INSERT INTO documents (id, sha256, original_key, file_name, size_bytes, format, status,
                             page_count, error, metadata, outputs, attempts, created_at, updated_at)
      VALUES (@id, @sha256, @original_key, @file_name, @size_bytes, @format, 'queued',
              NULL, NULL, @metadata, @outputs, 0, @created_at, @created_at)
      ON CONFLICT (sha256) DO NOTHING`),
    documentById: db.prepare('SELECT * FROM documents WHERE id = ?'),
    documentBySha256: db.prepare('SELECT * FROM documents WHERE sha256 = ?'),
    // Keyset pagination: ids sort by creation time, so "older than the cursor" is `id < cursor`.
    documentsBefore: db.prepare('SELECT * FROM documents WHERE id < @before ORDER BY id DESC LIMIT @limit'),
    documentsWithStatusBefore: db.prepare(
      'SELECT * FROM documents WHERE status = @status AND id < @before ORDER BY id DESC LIMIT @limit',
    ),
    documentsWithFilingBefore: db.prepare(
      'SELECT * FROM documents WHERE filing = @filing AND id < @before ORDER BY id DESC LIMIT @limit',
    ),
    documentsWithStatusAndFilingBefore: db.prepare(
      'SELECT * FROM documents WHERE status = @status AND filing = @filing AND id < @before ORDER BY id DESC LIMIT @limit',
    ),
    updateDocument: db.prepare(`
      UPDATE documents
      SET status = @status, page_count = @page_count, error = @error, outputs = @outputs,
          attempts = @attempts, timings = @timings, updated_at = @updated_at
      WHERE id = @id`),
    updateFiling: db.prepare(`
      UPDATE documents
      SET filing = @filing, filing_error = @filing_error, filing_attempts = @filing_attempts, filing_updated_at = @filing_updated_at
      WHERE id = @id`),
    countByStatus: db.prepare('SELECT status, COUNT(*) AS count FROM documents GROUP BY status'),
    // Stale: queued or processing with no change to the document or any of its pages since
    // @before. documents_by_status finds the unfinished few; the pages' primary key their pages.
    staleDocuments: db.prepare(`
      SELECT id, status, attempts, created_at, last_progress FROM (
        SELECT d.id, d.status, d.attempts, d.created_at,
               MAX(d.updated_at, COALESCE((SELECT MAX(p.updated_at) FROM pages p WHERE p.document_id = d.id), 0)) AS last_progress
        FROM documents d
        WHERE d.status IN ('queued', 'processing') AND d.updated_at < @before)
      WHERE last_progress < @before
      ORDER BY last_progress, id`),
    markSearchStale: db.prepare('UPDATE documents SET search_stale_since = @since WHERE id = @id'),
    // Cleared only if not marked again since the repair read it: a newer failure stays owed.
    clearSearchStale: db.prepare('UPDATE documents SET search_stale_since = NULL WHERE id = @id AND search_stale_since = @since'),
    searchStaleDocuments: db.prepare(
      'SELECT id, search_stale_since FROM documents WHERE search_stale_since IS NOT NULL ORDER BY search_stale_since, id LIMIT @limit',
    ),
    pageByKey: db.prepare('SELECT * FROM pages WHERE document_id = ? AND page_index = ?'),
    upsertPage: db.prepare(`
      INSERT INTO pages (document_id, page_index, status, image_key, cleaned_key, ocr_key, error, timings, updated_at)
      VALUES (@document_id, @page_index, @status, @image_key, @cleaned_key, @ocr_key, @error, @timings, @updated_at)
      ON CONFLICT (document_id, page_index) DO UPDATE SET
        status = excluded.status, image_key = excluded.image_key, cleaned_key = excluded.cleaned_key,
        ocr_key = excluded.ocr_key, error = excluded.error, timings = excluded.timings,
        updated_at = excluded.updated_at`),
    pagesOfDocument: db.prepare('SELECT * FROM pages WHERE document_id = ? ORDER BY page_index'),
  };
}

export type ReviewStatements = ReturnType<typeof prepareReviewStatements>;

/** The review store's statements, prepared once per connection like the document store's. */
export function prepareReviewStatements(db: Database.Database) {
  return {
    liveItemOfDocument: db.prepare("SELECT * FROM review_items WHERE document_id = ? AND status IN ('open', 'claimed')"),
    // The live item if there is one, else the newest decided one: what a link from the document should open.
    currentItemOfDocument: db.prepare(
      "SELECT * FROM review_items WHERE document_id = ? ORDER BY status IN ('open', 'claimed') DESC, id DESC LIMIT 1",
    ),
    // Many documents' items in one read (a JSON array of ids), each document's live item first, then newest.
    itemsOfDocuments: db.prepare(
      "SELECT * FROM review_items WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, status IN ('open', 'claimed') DESC, id DESC",
    ),
    itemById: db.prepare('SELECT * FROM review_items WHERE id = ?'),
    insertItem: db.prepare(`
      INSERT INTO review_items (id, document_id, status, reasons, extracted, corrections, created_at, updated_at)
      VALUES (?, ?, 'open', ?, ?, '{}', ?, ?)`),
    // Every field a person can change, written whole: the store reads the row first under the lock.
    updateItem: db.prepare(`
      UPDATE review_items
      SET status = @status, corrections = @corrections, claimed_by = @claimed_by, decided_by = @decided_by,
          note = @note, updated_at = @now
      WHERE id = @id`),
    // Keyset pagination, oldest first: ids sort by creation time.
    itemsAfter: db.prepare('SELECT * FROM review_items WHERE id > @after ORDER BY id LIMIT @limit'),
    itemsWithStatusAfter: db.prepare('SELECT * FROM review_items WHERE id > @after AND status = @status ORDER BY id LIMIT @limit'),
  };
}
