import type Database from 'better-sqlite3';
import type { BBox } from '../core/types.ts';
import { matchedWordIndexes } from './match-page-words.ts';
import { pageIndexOf, pageKeyRange } from './page-key.ts';
import { boxesFromBlob, boxOfWord } from './page-words.ts';
import type { ParsedText } from './parse-search-text.ts';
import type { PageHit } from './search-index.ts';
import { snippetOf } from './snippet.ts';

/** A document's best pages shown in one hit: enough to choose from, few enough to draw quickly. */
export const MAX_PAGES_PER_HIT = 10;

/**
 * The pages of one hit document: its best-ranked matching pages (FTS5 over the document's
 * page-key range only), each with a snippet and the boxes of its matched words. Run only for
 * the documents a search hands back.
 */
export class SqliteHitPages {
  private readonly bestPages: Database.Statement;
  private readonly wordsOfPage: Database.Statement;

  constructor(db: Database.Database) {
    this.bestPages = db
      .prepare(`
        SELECT rowid FROM search_text
        WHERE search_text MATCH @match AND rowid >= @first AND rowid < @end
        ORDER BY bm25(search_text), rowid LIMIT ${MAX_PAGES_PER_HIT}`)
      .pluck();
    this.wordsOfPage = db.prepare('SELECT word_texts, word_boxes FROM search_pages WHERE page_key = ?');
  }

  pagesOf(documentKey: number, match: string, search: ParsedText): PageHit[] {
    const keys = (this.bestPages.all({ match, ...pageKeyRange(documentKey) }) as number[]).sort((a, b) => a - b);
    return keys.map((key) => this.pageHit(key, search));
  }

  private pageHit(key: number, search: ParsedText): PageHit {
    const row = this.wordsOfPage.get(key) as { word_texts: string; word_boxes: Buffer | null };
    const texts = JSON.parse(row.word_texts) as string[];
    const matched = matchedWordIndexes(texts, search);
    const boxes = boxesFromBlob(row.word_boxes);
    const hitBoxes: BBox[] = boxes ? matched.map((word) => boxOfWord(boxes, word)) : [];
    return { index: pageIndexOf(key), snippet: snippetOf(texts, matched), boxes: hitBoxes };
  }
}
