import type Database from 'better-sqlite3';
import { RectoError } from '../core/errors.ts';

/**
 * The search index's tables. They may live in their own file or beside the store's tables in
 * one database, so the version is kept in search_meta rather than user_version (which the
 * store's migrations own).
 *
 * One FTS5 row per page, its rowid packing the document and the page (pageKey), so a hit
 * names its document without a join (page-key.ts). The FTS tables are contentless: the text is indexed
 * but not stored twice; snippets and boxes come from search_pages' words instead.
 */

/** Same tokenizer for page text and names: the text arrives folded already (fold-text.ts); this is belt and braces. */
const TOKENIZER = `tokenize = 'unicode61 remove_diacritics 2'`;

/** Migration n takes the search tables from version n to n + 1. Append only. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE search_documents (
    document_key  INTEGER PRIMARY KEY,
    document_id   TEXT NOT NULL UNIQUE,
    file_name     TEXT NOT NULL,
    nhs_number    TEXT,
    mrn           TEXT,
    mrn_key       TEXT,
    patient_name  TEXT,
    birth_date    TEXT,
    document_type TEXT,
    document_date TEXT,
    -- The timeline's sort key: the document date, or '' (sorts last, newest first) when undated.
    date_key      TEXT NOT NULL,
    author        TEXT,
    department    TEXT,
    filed_at      TEXT,
    updated_at    TEXT NOT NULL,
    page_count    INTEGER NOT NULL
  ) STRICT;
  -- Each filter with the timeline order after it: a patient's documents come out of the index
  -- already sorted, and a patient filter picks the few documents a text search then reads.
  CREATE INDEX search_documents_by_nhs_number ON search_documents (nhs_number, date_key, document_id);
  CREATE INDEX search_documents_by_mrn ON search_documents (mrn_key, date_key, document_id);
  CREATE INDEX search_documents_by_birth_date ON search_documents (birth_date, date_key, document_id);
  CREATE INDEX search_documents_by_type ON search_documents (document_type, date_key, document_id);
  CREATE INDEX search_documents_by_date ON search_documents (date_key, document_id);

  -- The words of each page, for snippets and boxes: texts as a JSON array, boxes packed (page-words.ts).
  CREATE TABLE search_pages (
    page_key   INTEGER PRIMARY KEY,
    word_texts TEXT NOT NULL,
    word_boxes BLOB
  ) STRICT;

  CREATE VIRTUAL TABLE search_text USING fts5 (
    body, content = '', contentless_delete = 1, ${TOKENIZER}, prefix = '2 3'
  );
  -- Patients' names, rowid = document_key: "smith jane" finds "Mrs Jane A. SMITH".
  CREATE VIRTUAL TABLE search_names USING fts5 (
    name, content = '', contentless_delete = 1, ${TOKENIZER}
  );
  `,
];

export const SEARCH_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the search tables to this version. IMMEDIATE takes the write lock before reading the
 * version, so of several processes opening a new index at once one migrates and the others
 * find nothing to do.
 */
export function migrateSearchSchema(db: Database.Database): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
    const row = db.prepare("SELECT value FROM search_meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    const from = row ? Number(row.value) : 0;
    if (from > SEARCH_SCHEMA_VERSION) {
      throw new RectoError('STORAGE_SCHEMA_TOO_NEW', `search index schema is version ${from}; this Recto knows up to ${SEARCH_SCHEMA_VERSION}`);
    }
    for (let version = from; version < SEARCH_SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version]);
    db.prepare("INSERT INTO search_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
      String(SEARCH_SCHEMA_VERSION),
    );
  }).immediate();
}
