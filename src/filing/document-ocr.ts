import { createHash } from 'node:crypto';
import { RectoError } from '../core/errors.ts';
import type { OcrResult } from '../core/types.ts';
import { loadOcrResult } from '../storage/page-artifacts.ts';
import type { DocumentRecord, Storage } from '../storage/storage.ts';

/** What a page without OCR (blank, or dropped before OCR) contributes: no words. */
const NO_TEXT: OcrResult = { text: '', words: [], lines: [], meanConfidence: 0 };

export interface DocumentOcr {
  document: DocumentRecord;
  /** One entry per page, at the page's index, so FoundAt.page points at the right page crop. */
  pages: OcrResult[];
  /**
   * Names this exact OCR (the pages' content-addressed keys): a decision recorded for it
   * holds until the document is reprocessed into different OCR.
   */
  fingerprint: string;
}

/**
 * Every page's OCR for a finished document. Filing waits for `done`: a page still being read
 * could hold a second NHS number (a mother's on page 2), and filing on the pages read so far
 * could then file the document to the wrong patient.
 */
export async function loadDocumentOcr(storage: Storage, documentId: string): Promise<DocumentOcr> {
  const document = await storage.metadata.getDocument(documentId);
  if (!document) throw new RectoError('DOCUMENT_NOT_FOUND', `no document ${documentId}`);
  if (document.status !== 'done') {
    throw new RectoError('OUTPUT_NOT_READY', `document ${documentId} is ${document.status}: it is filed once every page has been read`);
  }
  const records = await storage.metadata.listPages(documentId);
  const pageCount = Math.max(document.pageCount ?? 0, ...records.map((page) => page.index + 1));
  const ocrKeys: Array<string | null> = Array.from({ length: pageCount }, () => null);
  for (const page of records) ocrKeys[page.index] = page.ocrKey;
  const pages: OcrResult[] = [];
  // One page at a time: a long document must not open hundreds of files at once.
  for (const key of ocrKeys) pages.push(key ? await loadOcrResult(storage.blobs, key) : NO_TEXT);
  const fingerprint = createHash('sha256').update(JSON.stringify(ocrKeys)).digest('hex');
  return { document, pages, fingerprint };
}
