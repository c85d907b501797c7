import type Database from 'better-sqlite3';
import type { BBox } from '../core/types.ts';
import { matchedWordIndexes } from './match-page-words.ts';
import { PAGES_PER_DOCUMENT, pageIndexOf } from './page-key.ts';
import { boxesFromBlob, boxOfWord } from './page-words.ts';
import type { ParsedText } from './parse-search-text.ts';
import type { PageHit } from './search-index.ts';
import { snippetOf } from './snippet.ts';

/** A document's best pages shown in one hit: enough to choose from, few enough to draw quickly. */
export const MAX_PAGES_PER_HIT = 10;

interface MatchedPage {
  page_key: number;
  rank: number;
}

/**
 * The pages of the documents a search hands back: each document's best-ranked matching pages,
 * each with a snippet and the boxes of its matched words. One FTS5 query for all the
 * documents, not one each (a page-key range each): FTS5 rebuilds a prefix's or phrase's
 * match list on every query, which twenty times over cost more than the search itself.
 */
export class SqliteHitPages {
  private readonly matchedPages: Database.Statement;
  private readonly wordsOfPages: Database.Statement;

  constructor(db: Database.Database) {
    // Walks the matches once more (cheap: bm25 is worked out only for the pages that pass the
    // filter) keeping the pages of the documents shown.
    this.matchedPages = db.prepare(`
      SELECT rowid AS page_key, rank FROM search_text
      WHERE search_text MATCH @match AND rowid / ${PAGES_PER_DOCUMENT} IN (SELECT value FROM json_each(@documentKeys))`);
    this.wordsOfPages = db.prepare('SELECT page_key, word_texts, word_boxes FROM search_pages WHERE page_key IN (SELECT value FROM json_each(?))');
  }

  /** Page hits by document key, best pages only, in page order. */
  pagesOf(documentKeys: number[], match: string, search: ParsedText): Map<number, PageHit[]> {
    const matched = this.matchedPages.all({ match, documentKeys: JSON.stringify(documentKeys) }) as MatchedPage[];
    const shownKeys = bestPagesOfEach(matched);
    const rows = this.wordsOfPages.all(JSON.stringify(shownKeys)) as { page_key: number; word_texts: string; word_boxes: Buffer | null }[];
    const pages = new Map<number, PageHit[]>(documentKeys.map((key) => [key, []]));
    for (const row of rows.sort((a, b) => a.page_key - b.page_key)) {
      pages.get(Math.floor(row.page_key / PAGES_PER_DOCUMENT))?.push(pageHit(row, search));
    }
    return pages;
  }
}

function bestPagesOfEach(matched: MatchedPage[]): number[] {
  const byDocument = new Map<number, MatchedPage[]>();
  for (const page of matched) {
    const documentKey = Math.floor(page.page_key / PAGES_PER_DOCUMENT);
    const pages = byDocument.get(documentKey) ?? [];
    pages.push(page);
    byDocument.set(documentKey, pages);
  }
  return [...byDocument.values()].flatMap((pages) =>
    pages
      .sort((a, b) => a.rank - b.rank || a.page_key - b.page_key)
      .slice(0, MAX_PAGES_PER_HIT)
      .map((page) => page.page_key),
  );
}

function pageHit(row: { page_key: number; word_texts: string; word_boxes: Buffer | null }, search: ParsedText): PageHit {
  const texts = JSON.parse(row.word_texts) as string[];
  const matched = matchedWordIndexes(texts, search);
  const boxes = boxesFromBlob(row.word_boxes);
  const hitBoxes: BBox[] = boxes ? matched.map((word) => boxOfWord(boxes, word)) : [];
  return { index: pageIndexOf(row.page_key), snippet: snippetOf(texts, matched), boxes: hitBoxes };
}
