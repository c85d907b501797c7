import type Database from 'better-sqlite3';
import { tokensOf } from './fold-text.ts';
import { pageKey, pageKeyRange } from './page-key.ts';
import { boxesToBlob, pageWordsOf } from './page-words.ts';
import type { IndexedDocument } from './search-index.ts';
import { documentRowOf } from './sqlite-search-rows.ts';
import { validateIndexedDocument } from './validate-indexed-document.ts';

/**
 * Writes documents into the index. A document is replaced whole in one transaction: its old
 * pages, words and name go, the new ones come, and a search running in another process sees
 * either version, never a mix. The document keeps its key, so its page keys stay in one range.
 */
export class SqliteSearchWriter {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      upsertDocument: db.prepare(`
        INSERT INTO search_documents (document_id, file_name, nhs_number, mrn, mrn_key, patient_name, birth_date,
          document_type, document_date, date_key, author, department, filed_at, updated_at, page_count)
        VALUES (@document_id, @file_name, @nhs_number, @mrn, @mrn_key, @patient_name, @birth_date,
          @document_type, @document_date, @date_key, @author, @department, @filed_at, @updated_at, @page_count)
        ON CONFLICT (document_id) DO UPDATE SET
          file_name = excluded.file_name, nhs_number = excluded.nhs_number, mrn = excluded.mrn, mrn_key = excluded.mrn_key,
          patient_name = excluded.patient_name, birth_date = excluded.birth_date, document_type = excluded.document_type,
          document_date = excluded.document_date, date_key = excluded.date_key, author = excluded.author,
          department = excluded.department, filed_at = excluded.filed_at, updated_at = excluded.updated_at,
          page_count = excluded.page_count
        RETURNING document_key`),
      documentKey: db.prepare('SELECT document_key FROM search_documents WHERE document_id = ?').pluck(),
      deleteDocument: db.prepare('DELETE FROM search_documents WHERE document_key = ?'),
      pageKeysOf: db.prepare('SELECT page_key FROM search_pages WHERE page_key >= ? AND page_key < ?').pluck(),
      deletePages: db.prepare('DELETE FROM search_pages WHERE page_key >= ? AND page_key < ?'),
      // Contentless FTS5 rows are deleted one rowid at a time: it cannot scan a range of what it does not store.
      deletePageText: db.prepare('DELETE FROM search_text WHERE rowid = ?'),
      insertPage: db.prepare('INSERT INTO search_pages (page_key, word_texts, word_boxes) VALUES (?, ?, ?)'),
      insertPageText: db.prepare('INSERT INTO search_text (rowid, body) VALUES (?, ?)'),
      deleteName: db.prepare('DELETE FROM search_names WHERE rowid = ?'),
      insertName: db.prepare('INSERT INTO search_names (rowid, name) VALUES (?, ?)'),
    };
  }

  index(document: IndexedDocument): void {
    validateIndexedDocument(document);
    // Folding and packing happen before the write lock is taken: other processes wait less.
    const pages = document.pages.map((page) => {
      const words = pageWordsOf(document.documentId, page);
      return { index: page.index, words, body: tokensOf(words.texts.join(' ')).join(' ') };
    });
    const row = documentRowOf(document, document.pages.length);
    const name = document.patientName === null ? '' : tokensOf(document.patientName).join(' ');
    this.db
      .transaction(() => {
        const existing = this.statements.documentKey.get(document.documentId) as number | undefined;
        if (existing !== undefined) this.deleteContents(existing);
        const { document_key: documentKey } = this.statements.upsertDocument.get(row) as { document_key: number };
        for (const page of pages) {
          const key = pageKey(documentKey, page.index);
          this.statements.insertPage.run(key, JSON.stringify(page.words.texts), boxesToBlob(page.words.boxes));
          this.statements.insertPageText.run(key, page.body);
        }
        if (name) this.statements.insertName.run(documentKey, name);
      })
      .immediate();
  }

  remove(documentId: string): void {
    this.db
      .transaction(() => {
        const existing = this.statements.documentKey.get(documentId) as number | undefined;
        if (existing === undefined) return;
        this.deleteContents(existing);
        this.statements.deleteDocument.run(existing);
      })
      .immediate();
  }

  /** Every row that hangs off a document key, but not the document row itself. */
  private deleteContents(documentKey: number): void {
    const { first, end } = pageKeyRange(documentKey);
    for (const key of this.statements.pageKeysOf.all(first, end) as number[]) this.statements.deletePageText.run(key);
    this.statements.deletePages.run(first, end);
    this.statements.deleteName.run(documentKey);
  }
}
