import type { CleanedPage } from '../../core/types.ts';
import type { OcrEngine, TimedOcrResult } from '../../engines/ocr-engine.ts';
import { rereadUnreadRegions } from './reread-regions.ts';

const NO_TEXT: TimedOcrResult = { text: '', words: [], lines: [], meanConfidence: 0, engineMs: 0 };

/** What the OCR stage returns: the page's OCR, and how much of its engine time went on re-reading. */
export type PageOcr = TimedOcrResult & { rereadMs?: number };

/**
 * The OCR stage: blank pages are not worth an engine's time (and would only yield noise). Text
 * the page's read missed is read again on its own, and what stays unread is marked on the result
 * (`textMissing`), never silently lost. `engineMs` includes the re-reads; `rereadMs` is their share.
 */
export async function ocrPage(page: CleanedPage, engine: OcrEngine, options: { textCoverageCheck: boolean } = { textCoverageCheck: true }): Promise<PageOcr> {
  if (page.blank) return NO_TEXT;
  const started = performance.now();
  const { engineMs, ...read } = await engine.recognize({ image: page.ocrImage, dpi: page.dpi, layout: page.ocrLayout });
  const readMs = engineMs ?? performance.now() - started;
  // Recorded per page, so a document read partly by one engine and partly by another (a
  // service whose workers differ, a page re-read later) still says what read each page.
  const readBy = { engine: engine.name, version: engine.version, model: engine.model ?? 'unknown' };
  // Pages cleaned before text lines were found (stored by an older Recto) are taken as read.
  if (!options.textCoverageCheck || !page.textLines || page.textLines.length === 0) return { ...read, readBy, engineMs: readMs };
  const { ocr, textMissing, rereadMs } = await rereadUnreadRegions({ ...page, textLines: page.textLines }, read, engine);
  return {
    ...ocr,
    ...(textMissing.length > 0 ? { textMissing } : {}),
    readBy,
    engineMs: readMs + rereadMs,
    ...(rereadMs > 0 ? { rereadMs } : {}),
  };
}
