/** What a job carries: ids and storage keys, never image bytes (DESIGN.md). */
export interface DocumentJobData {
  documentId: string;
  /** Which processing attempt of the document this is; a retry by API starts a new one. */
  attempt: number;
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
