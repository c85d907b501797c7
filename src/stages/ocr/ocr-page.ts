import type { CleanedPage } from '../../core/types.ts';
import type { OcrEngine, TimedOcrResult } from '../../engines/ocr-engine.ts';

const NO_TEXT: TimedOcrResult = { text: '', words: [], lines: [], meanConfidence: 0, engineMs: 0 };

/** The OCR stage: blank pages are not worth an engine's time (and would only yield noise). */
export async function ocrPage(page: CleanedPage, engine: OcrEngine): Promise<TimedOcrResult> {
  if (page.blank) return NO_TEXT;
  return engine.recognize({ image: page.ocrImage, dpi: page.dpi, layout: page.ocrLayout });
}
