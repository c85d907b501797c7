import type Database from 'better-sqlite3';
import type { BBox } from '../core/types.ts';
import { matchedWordIndexes } from './match-page-words.ts';
import { PAGES_PER_DOCUMENT, pageIndexOf } from './page-key.ts';
import { boxesFromBlob, boxOfWord } from './page-words.ts';
import type { ParsedText } from './parse-search-text.ts';
import type { PageHit } from './search-index.ts';
import { snippetOf } from './snippet.ts';

/** A document's pages shown in one hit: enough to choose from, few enough to draw quickly. */
export const MAX_PAGES_PER_HIT = 10;

/** What the ranked search says about each document's matching pages. */
export interface MatchedPagesRow {
  document_key: number;
  /** The page key of the document's best-ranked page. */
  best_page: number;
  /** Every matching page's key, comma-separated (SQLite's group_concat). */
  page_keys: string;
}

interface WordsRow {
  page_key: number;
  word_texts: string;
  word_boxes: Buffer | null;
}

/**
 * The pages of the documents a search hands back, each with a snippet and the boxes of its
 * matched words: read from search_pages in one query, for those documents only. No second
 * FTS5 query: the ranked search already listed each document's matching pages.
 */
export class SqliteHitPages {
  private readonly wordsOfPages: Database.Statement;

  constructor(db: Database.Database) {
    this.wordsOfPages = db.prepare('SELECT page_key, word_texts, word_boxes FROM search_pages WHERE page_key IN (SELECT value FROM json_each(?))');
  }

  /** Page hits by document key, in page order. */
  pagesOf(documents: readonly MatchedPagesRow[], search: ParsedText): Map<number, PageHit[]> {
    const shownKeys = documents.flatMap(shownPageKeys);
    const rows = this.wordsOfPages.all(JSON.stringify(shownKeys)) as WordsRow[];
    const pages = new Map<number, PageHit[]>(documents.map((document) => [document.document_key, []]));
    for (const row of rows.sort((a, b) => a.page_key - b.page_key)) {
      pages.get(Math.floor(row.page_key / PAGES_PER_DOCUMENT))?.push(pageHit(row, search));
    }
    return pages;
  }

  /**
   * The listed pages (keys) of one document, all of them, each snippet the whole page: the
   * document viewer draws every page's hits and shows each page's text with them marked.
   */
  pagesByKeys(keys: readonly number[], search: ParsedText): PageHit[] {
    const rows = this.wordsOfPages.all(JSON.stringify(keys)) as WordsRow[];
    return rows.sort((a, b) => a.page_key - b.page_key).map((row) => pageHit(row, search, true));
  }
}

/** All matching pages when there are few (nearly always); else the best one and the first others. */
function shownPageKeys(document: MatchedPagesRow): number[] {
  const keys = document.page_keys.split(',').map(Number);
  if (keys.length <= MAX_PAGES_PER_HIT) return keys;
  const others = keys.filter((key) => key !== document.best_page).sort((a, b) => a - b);
  return [document.best_page, ...others.slice(0, MAX_PAGES_PER_HIT - 1)];
}

function pageHit(row: WordsRow, search: ParsedText, wholePage = false): PageHit {
  const texts = JSON.parse(row.word_texts) as string[];
  const matched = matchedWordIndexes(texts, search);
  const boxes = boxesFromBlob(row.word_boxes);
  const hitBoxes: BBox[] = boxes ? matched.map((word) => boxOfWord(boxes, word)) : [];
  return { index: pageIndexOf(row.page_key), snippet: wholePage ? snippetOf(texts, matched, texts.length) : snippetOf(texts, matched), boxes: hitBoxes };
}
