import type { BBox, OcrWord } from '../core/types.ts';
import type { DocumentTypeKey } from '../extract/extracted-fields.ts';

/**
 * The full-text search behind one interface: what the API and the workers will call, whatever
 * holds the index (SQLite FTS5 embedded, PostgreSQL at scale). Nothing here knows SQL.
 *
 * Hits are per page (a clinician opens a page image and sees the boxes drawn on it), gathered
 * per document and ranked by the document's best page. All the words of a search must appear
 * on one page for that page to hit.
 */
export interface SearchIndex {
  /**
   * Adds a document or replaces everything held about it: re-processing or a reviewer's
   * correction calls it again, and no page, word or patient field of the old version remains.
   */
  indexDocument(document: IndexedDocument): Promise<void>;
  /** Removes a document and its pages; removing one that is not indexed does nothing. */
  removeDocument(documentId: string): Promise<void>;
  /**
   * Words and phrases ranked by relevance, or, with only filters, a timeline of the documents
   * that pass them, newest document date first (undated last). Throws INVALID_SEARCH_QUERY for
   * a search it cannot run and INVALID_CURSOR for a cursor it did not make for this search.
   */
  search(query: SearchQuery): Promise<SearchPage>;
  /** One patient's documents, newest first: a search with only the NHS number filter. */
  patientDocuments(nhsNumber: string, page?: { limit?: number; cursor?: string }): Promise<SearchPage>;
  /**
   * One document as a search shows it (its patient only once filed or approved), with the pages
   * where `text` hits (every one, each snippet the whole page's words) and the boxes of its
   * words; no text: no pages. Null when not indexed.
   * What the document viewer draws, and whose patient a view of the document's pages names.
   */
  documentHits(documentId: string, text?: string): Promise<SearchHit | null>;
  /** Every indexed document's id, in id order: what a rebuild compares with the stored documents to drop the ones gone. */
  documentIds(): Promise<string[]>;
  close(): Promise<void>;
}

/** A page's OCR words in reading order, with their boxes in the cleaned page image's pixels. */
export interface IndexedPage {
  /** Zero-based page index in the source file, as in the sidecar. */
  index: number;
  /** The page text; indexed only when `words` is empty (a page read without word boxes). */
  text: string;
  words: OcrWord[];
}

/** The document-level facts a search filters on and shows, as extraction and filing settled them. */
export interface IndexedDocumentFields {
  documentId: string;
  fileName: string;
  /** Ten digits, modulus 11 valid, when filing settled the patient; null otherwise. */
  nhsNumber: string | null;
  /** The hospital number as the trust writes it. */
  mrn: string | null;
  /** As written on the page, e.g. "Mrs Jane A. SMITH". */
  patientName: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  documentType: DocumentTypeKey | null;
  /** YYYY-MM-DD: the date the document was written (the timeline's order). */
  documentDate: string | null;
  author: string | null;
  department: string | null;
  /** ISO 8601 time the document was filed to the patient, if it was. */
  filedAt: string | null;
  /** ISO 8601 time of the version being indexed. */
  updatedAt: string;
}

export interface IndexedDocument extends IndexedDocumentFields {
  pages: IndexedPage[];
}

export interface SearchQuery {
  /** Words (all must be on one page), "quoted phrases", prefix* (2+ letters) and `a OR b`. */
  text?: string;
  /** Ten digits; spaces and dashes ("999 012 3470") are allowed. */
  nhsNumber?: string;
  mrn?: string;
  /** Every word of it must be in the patient's name, in any order ("smith jane"). */
  name?: string;
  /** YYYY-MM-DD. */
  birthDate?: string;
  /** Any of these types; omitted or empty means every type. */
  types?: DocumentTypeKey[];
  /** Document date on or after, YYYY-MM-DD; undated documents drop out when a bound is given. */
  from?: string;
  /** Document date on or before, YYYY-MM-DD. */
  to?: string;
  /** Documents per page, 1–100; 20 when omitted. */
  limit?: number;
  /** The nextCursor of the previous page of this same search. */
  cursor?: string;
}

/**
 * A piece of snippet text, and whether it is a matched word. Plain text, never markup: the
 * viewer escapes each piece and wraps the hits in its own <mark>.
 */
export interface SnippetSegment {
  text: string;
  hit: boolean;
}

export interface PageHit {
  index: number;
  snippet: SnippetSegment[];
  /** The boxes of the matched words on this page, one per word, in reading order. */
  boxes: BBox[];
}

export interface SearchHit extends IndexedDocumentFields {
  /** Higher is more relevant; comparable only within one search. Null in a timeline. */
  score: number | null;
  pageCount: number;
  /** How many pages matched; `pages` holds at most 10 of them, always the best-ranked, in page order. */
  matchedPageCount: number;
  /** Empty in a timeline (a search with only filters). */
  pages: PageHit[];
}

export interface SearchPage {
  hits: SearchHit[];
  /** Pass it back as `cursor` for the next page; null when there is none. */
  nextCursor: string | null;
}
