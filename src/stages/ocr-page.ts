import type { OcrEngine } from '../engines/ocr-engine.ts';
import type { CleanedPage, OcrResult } from '../core/types.ts';

const NO_TEXT: OcrResult = { text: '', words: [], lines: [], meanConfidence: 0 };

/** The OCR stage: blank pages are not worth an engine's time (and would only yield noise). */
export async function ocrPage(page: CleanedPage, engine: OcrEngine): Promise<OcrResult> {
  if (page.blank) return NO_TEXT;
  return engine.recognize({ image: page.ocrImage, dpi: page.dpi });
}
