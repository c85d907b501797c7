import type { ReviewStore } from '../review/review-store.ts';
import type { DocumentRecord, MetadataStore, PageRecord } from '../storage/storage.ts';
import { type DocumentOutcome, documentOutcomes, type OutcomeSources } from './document-outcome.ts';

/** How far capture has got, page by page: what a records officer watches while a thick document is read. */
export interface CaptureProgress {
  /** Null until the document has been split into pages. */
  pageCount: number | null;
  /** Pages cleaned (read ones included: a page is cleaned before it is read). */
  pagesCleaned: number;
  /** Pages OCR'd. */
  pagesRead: number;
}

/** A document as the API and the records pages show it: the record, its progress, and the review item to open when a person must decide. */
export interface DocumentView extends DocumentRecord {
  progress: CaptureProgress;
  /** Set when filing is `review`: the document's live review item, else its newest decided one. */
  reviewItemId: string | null;
  /** Where it ended up (document-outcome.ts); null while filing was never queued. */
  outcome: DocumentOutcome | null;
}

/** What views are read from: review items, the audit trail and the patient index feed `outcome`. */
export type ViewSources = Omit<OutcomeSources, 'review'> & { review?: ReviewStore };

export function progressOf(document: DocumentRecord, pages: readonly PageRecord[] | null): CaptureProgress {
  const pageCount = document.pageCount;
  // Done means every page was read; queued means none yet. Only the states in between need the page records.
  if (document.status === 'done') return { pageCount, pagesCleaned: pageCount ?? 0, pagesRead: pageCount ?? 0 };
  if (!pages) return { pageCount, pagesCleaned: 0, pagesRead: 0 };
  const pagesRead = pages.filter((page) => page.status === 'ocr_done').length;
  return { pageCount, pagesCleaned: pagesRead + pages.filter((page) => page.status === 'cleaned').length, pagesRead };
}

/**
 * Views of many documents (a list). Page records are read only for documents being processed
 * or failed part way; review items and filing events are read for the whole list at once.
 */
export async function documentViews(
  documents: readonly DocumentRecord[],
  stores: ViewSources & { metadata: MetadataStore },
): Promise<DocumentView[]> {
  const outcomes = await documentOutcomes(documents, stores);
  return Promise.all(
    documents.map(async (document) => {
      const needsPages = document.status === 'processing' || (document.status === 'failed' && document.pageCount !== null);
      const pages = needsPages ? await stores.metadata.listPages(document.id) : null;
      return viewOf(document, pages, outcomes.get(document.id) ?? null);
    }),
  );
}

export async function documentView(document: DocumentRecord, pages: readonly PageRecord[] | null, sources: ViewSources = {}): Promise<DocumentView> {
  const outcomes = await documentOutcomes([document], sources);
  return viewOf(document, pages, outcomes.get(document.id) ?? null);
}

function viewOf(document: DocumentRecord, pages: readonly PageRecord[] | null, outcome: DocumentOutcome | null): DocumentView {
  // The outcome read the item (live, else newest decided) for every document in review.
  const reviewItemId = document.filing?.status === 'review' ? (outcome?.reviewItemId ?? null) : null;
  return { ...document, progress: progressOf(document, pages), reviewItemId, outcome };
}
