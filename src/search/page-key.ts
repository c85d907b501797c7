/**
 * A page's key packs its document's key and its index into one integer (an FTS5 rowid), so a
 * hit names its document without a join and a document's pages are one range of keys.
 * 65,536 pages a document is far above the pipeline's page limit (maxPages).
 */
export const PAGES_PER_DOCUMENT = 65536;

export function pageKey(documentKey: number, pageIndex: number): number {
  return documentKey * PAGES_PER_DOCUMENT + pageIndex;
}

/** The keys of a document's pages are [first, end). */
export function pageKeyRange(documentKey: number): { first: number; end: number } {
  return { first: pageKey(documentKey, 0), end: pageKey(documentKey + 1, 0) };
}

export function pageIndexOf(key: number): number {
  return key % PAGES_PER_DOCUMENT;
}
