import type { Storage } from '../storage/storage.ts';

/**
 * A review item's document as OCR read it (every page, the text output), for checking what the
 * page shows against an index entry. Empty when the document or its text is not stored: nothing
 * is then found on the page, so an identity taken from a candidate is refused rather than trusted.
 */
export async function documentText(storage: Storage, documentId: string): Promise<string> {
  const document = await storage.metadata.getDocument(documentId);
  if (!document?.outputs.textKey) return '';
  return (await storage.blobs.get(document.outputs.textKey)).toString('utf8');
}
