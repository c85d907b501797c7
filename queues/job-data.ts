/** What a job carries: ids and storage keys, never image bytes (DESIGN.md). */
export interface DocumentJobData {
  documentId: string;
  /** Which processing attempt of the document this is; a retry by API starts a new one. */
  attempt: number;
}

/** Filing one captured document: extract, match, then file or send to review. */
export interface FileJobData extends DocumentJobData {
  /**
   * Which filing of this capture attempt: 1 (or absent, as jobs queued before re-filing
   * existed) the one queued after assembly; each re-file by API counts up, for a fresh job id.
   */
  filingAttempt?: number;
}

export interface PageJobData extends DocumentJobData {
  pageIndex: number;
}

/** What a clean job hands to its OCR parent (read with job.getChildrenValues()). */
export interface CleanedPageRef {
  pageIndex: number;
  /** Key of the stored cleaned page (display image + OCR image + corrections). */
  cleanedKey: string;
  blank: boolean;
}

/** What an OCR job hands to the assemble parent. */
export interface OcrPageRef extends CleanedPageRef {
  ocrKey: string;
}

/**
 * Delivery of a filed document to one record system. The patient is not carried: the worker
 * re-derives it from stored data (the approved review item, or the same extraction and match
 * that filed it), so job data never holds patient identifiers.
 */
export interface DeliverJobData {
  documentId: string;
  /** The sink's name in the trust configuration. */
  sink: string;
  /** Set when a reviewer approved the document; absent when Recto filed it by itself. */
  reviewItemId?: string;
  /** 1 for the first delivery; each re-delivery asked for by API counts up, for a fresh job id. */
  delivery: number;
}
