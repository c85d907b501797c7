import { z } from 'zod';
import { RectoError } from '../core/errors.ts';
import { createNativeTesseractEngine, nativeTesseractVersion } from './native-tesseract-engine.ts';
import type { OcrEngine } from './ocr-engine.ts';
import { OCR_MODELS } from './ocr-models.ts';
import { createTesseractEngine } from './tesseract-engine.ts';

/**
 * Which OCR engine and model read the pages, for both runners (`recto scan --ocr-engine
 * --ocr-model --tessdata`, the service's OCR_ENGINE, OCR_MODEL, OCR_TESSDATA):
 * - `tesseract.js` works everywhere with nothing installed (WebAssembly, model from npm);
 * - `native` runs the tesseract 5 CLI, one process per page, as OCRmyPDF does: faster, and
 *   fails at start-up (OCR_ENGINE_UNAVAILABLE) when tesseract 5 is not on the PATH;
 * - `auto` (the default) is native when tesseract 5 is on the PATH, else tesseract.js.
 * The model defaults to best_int, the one model both engines always have.
 */

export const OCR_ENGINES = ['auto', 'tesseract.js', 'native'] as const;
export type OcrEngineChoice = (typeof OCR_ENGINES)[number];

export const OcrEngineSettingsSchema = z.object({
  engine: z.enum(OCR_ENGINES).default('auto'),
  model: z.enum(OCR_MODELS).default('best_int'),
  /** A folder holding eng.traineddata for `fast` (Debian's when unset) or `best` (needed). */
  tessdataDir: z.string().min(1).optional(),
  /** Where the native engine keeps best_int unzipped (under the system's temporary folder when unset). */
  cacheDir: z.string().min(1).optional(),
});
export type OcrEngineSettings = z.infer<typeof OcrEngineSettingsSchema>;

export function parseOcrEngineSettings(input: z.input<typeof OcrEngineSettingsSchema>): OcrEngineSettings {
  const result = OcrEngineSettingsSchema.safeParse(input);
  if (!result.success) throw new RectoError('INVALID_OPTIONS', z.prettifyError(result.error));
  return result.data;
}

export async function createOcrEngine(settings: OcrEngineSettings, workers: number): Promise<OcrEngine> {
  const engine = settings.engine === 'auto' ? await autoEngine() : settings.engine;
  const options = { workers, model: settings.model, tessdataDir: settings.tessdataDir, cacheDir: settings.cacheDir };
  return engine === 'native' ? createNativeTesseractEngine(options) : createTesseractEngine(options);
}

/** native when tesseract 5 answers on the PATH; tesseract.js otherwise (an older tesseract is passed over, not an error). */
async function autoEngine(): Promise<'native' | 'tesseract.js'> {
  const version = await nativeTesseractVersion().catch(() => undefined);
  return version?.startsWith('5.') ? 'native' : 'tesseract.js';
}
