import type Database from 'better-sqlite3';
import { RectoError } from '../core/errors.ts';
import { fts5Expression } from './fts5-expression.ts';
import { PAGES_PER_DOCUMENT } from './page-key.ts';
import type { SearchHit, SearchPage } from './search-index.ts';
import { decodeCursor, encodeCursor, type SearchPosition, searchFingerprint } from './search-cursor.ts';
import { type FilterSql, filterSql } from './sqlite-search-filters.ts';
import { type MatchedPagesRow, SqliteHitPages } from './sqlite-hit-pages.ts';
import { type DocumentRow, fieldsOfRow } from './sqlite-search-rows.ts';
import type { ParsedText } from './parse-search-text.ts';
import type { ValidSearch } from './validate-search-query.ts';

interface RankedRow extends DocumentRow, MatchedPagesRow {
  best_rank: number;
  matched_pages: number;
}

/**
 * Runs a checked search: one SQL statement ending in ORDER BY … LIMIT, so only the page of
 * hits handed back is ever turned into snippets and boxes.
 *  - timeline (filters only): walks the filter's index, already in date order;
 *  - ranked (words): FTS5 walks every page holding the words, keeps the pages of documents
 *    that pass the filters, and works out bm25 for those alone, best page per document.
 * Working out bm25 is most of a search's cost (about a microsecond a page), so filtering
 * before it is what makes a patient's or a year's search cheap in a large index. Measured at
 * 100,000 pages it beats both joining the filters afterwards (bm25 for every match) and
 * asking FTS5 for each filtered document's page range in turn (a phrase or prefix is
 * re-read from the index on each ask): test/bench/search-bench.ts.
 */
export class SqliteSearchReader {
  /** The SQL varies only with which filters are present: a handful of shapes, each prepared once. */
  private readonly prepared = new Map<string, Database.Statement>();
  private readonly hitPages: SqliteHitPages;

  constructor(private readonly db: Database.Database) {
    this.hitPages = new SqliteHitPages(db);
  }

  search(search: ValidSearch): SearchPage {
    const fingerprint = searchFingerprint(search.text, search.filters);
    const after = search.cursor === undefined ? undefined : decodeCursor(search.cursor, fingerprint);
    const expected = search.text ? 'rank' : 'timeline';
    if (after && after.kind !== expected) throw new RectoError('INVALID_CURSOR', 'the cursor belongs to a different search');
    const filters = filterSql(search.filters);
    return search.text
      ? this.ranked(fts5Expression(search.text), search, filters, fingerprint, after as RankPosition | undefined)
      : this.timeline(filters, search.limit, fingerprint, after as TimelinePosition | undefined);
  }

  /** One document's fields, and with text every page of it the text hits (ranked search's rules, no page limit). */
  documentHits(documentId: string, text: ParsedText | null): SearchHit | null {
    const row = this.statement('SELECT * FROM search_documents WHERE document_id = ?').get(documentId) as (DocumentRow & { document_key: number }) | undefined;
    if (!row) return null;
    const hit: SearchHit = { ...fieldsOfRow(row), score: null, pageCount: row.page_count, matchedPageCount: 0, pages: [] };
    if (!text) return hit;
    const first = row.document_key * PAGES_PER_DOCUMENT;
    const keys = this.statement('SELECT rowid AS page_key FROM search_text WHERE search_text MATCH @match AND rowid BETWEEN @first AND @last ORDER BY rowid')
      .all({ match: fts5Expression(text), first, last: first + PAGES_PER_DOCUMENT - 1 }) as Array<{ page_key: number }>;
    const pages = this.hitPages.pagesByKeys(keys.map((key) => key.page_key), text);
    return { ...hit, matchedPageCount: pages.length, pages };
  }

  private timeline(filters: FilterSql, limit: number, fingerprint: string, after: TimelinePosition | undefined): SearchPage {
    const conditions = [...filters.conditions];
    if (after) conditions.push('(d.date_key, d.document_id) < (@afterDate, @afterId)');
    const sql = `SELECT d.* FROM search_documents d ${where(conditions)} ORDER BY d.date_key DESC, d.document_id DESC LIMIT @limit`;
    const rows = this.statement(sql).all({
      ...filters.parameters,
      ...(after ? { afterDate: after.dateKey, afterId: after.documentId } : {}),
      limit: limit + 1,
    }) as DocumentRow[];
    const shown = rows.slice(0, limit);
    const hits: SearchHit[] = shown.map((row) => ({ ...fieldsOfRow(row), score: null, pageCount: row.page_count, matchedPageCount: 0, pages: [] }));
    const last = shown[shown.length - 1];
    const next: SearchPosition | undefined = rows.length > limit ? { kind: 'timeline', dateKey: last.date_key, documentId: last.document_id } : undefined;
    return { hits, nextCursor: next ? encodeCursor(fingerprint, next) : null };
  }

  private ranked(match: string, search: ValidSearch, filters: FilterSql, fingerprint: string, after: RankPosition | undefined): SearchPage {
    const sql = rankedSql(filters.conditions, after !== undefined);
    const rows = this.statement(sql).all({
      ...filters.parameters,
      match,
      ...(after ? { afterRank: after.rank, afterId: after.documentId } : {}),
      limit: search.limit + 1,
    }) as RankedRow[];
    const shown = rows.slice(0, search.limit);
    const pages = this.hitPages.pagesOf(shown, search.text!);
    const hits: SearchHit[] = shown.map((row) => ({
      ...fieldsOfRow(row),
      // bm25 is negative, more negative more relevant: people expect higher is better.
      score: -row.best_rank,
      pageCount: row.page_count,
      matchedPageCount: row.matched_pages,
      pages: pages.get(row.document_key) ?? [],
    }));
    const last = shown[shown.length - 1];
    const next: SearchPosition | undefined = rows.length > search.limit ? { kind: 'rank', rank: last.best_rank, documentId: last.document_id } : undefined;
    return { hits, nextCursor: next ? encodeCursor(fingerprint, next) : null };
  }

  private statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }
}

type RankPosition = Extract<SearchPosition, { kind: 'rank' }>;
type TimelinePosition = Extract<SearchPosition, { kind: 'timeline' }>;

/** Strictly after the cursor in (rank, document id) order; ties in rank are broken by id. */
const AFTER_RANK = '(best_rank > @afterRank OR (best_rank = @afterRank AND d.document_id > @afterId))';

function rankedSql(conditions: string[], afterCursor: boolean): string {
  const filtered = conditions.length > 0 ? `AND rowid / ${PAGES_PER_DOCUMENT} IN (SELECT d.document_key FROM search_documents d WHERE ${conditions.join(' AND ')})` : '';
  return `
    SELECT d.*, page_hits.* FROM (
      -- best_page is the rowid of the row MIN(rank) picked (SQLite's rule for a bare column
      -- beside one MIN); the matched pages' list costs less than walking the matches again.
      SELECT rowid / ${PAGES_PER_DOCUMENT} AS document_key, MIN(rank) AS best_rank, rowid AS best_page,
             COUNT(*) AS matched_pages, group_concat(rowid) AS page_keys
      FROM search_text
      WHERE search_text MATCH @match ${filtered}
      GROUP BY 1
    ) page_hits JOIN search_documents d ON d.document_key = page_hits.document_key
    ${afterCursor ? `WHERE ${AFTER_RANK}` : ''}
    ORDER BY page_hits.best_rank, d.document_id
    LIMIT @limit`;
}

function where(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}
