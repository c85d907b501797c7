import type { OcrResult } from '../core/types.ts';

/** What the clean stage may ask of an engine that can tell which way up a page is. */
export interface OrientationOpinion {
  /** Clockwise rotation that makes the page upright. */
  degrees: 0 | 90 | 180 | 270;
  confidence: number;
}

export interface RecognizeRequest {
  /** The page as 8-bit greyscale PGM (src/core/ocr-image.ts), upright and deskewed. */
  image: Buffer;
  dpi: number;
  /**
   * How the engine should find the text: `page` (the default) runs full layout analysis
   * (tesseract PSM 3); `block` reads the image as one uniform block of text (PSM 6), for
   * re-reading a region of a page that layout analysis passed over.
   */
  layout?: 'page' | 'block';
}

/** A result with the time the engine itself spent (not the wait for a free worker), if it knows. */
export type TimedOcrResult = OcrResult & { engineMs?: number };

/**
 * The one interface the pipeline knows an OCR engine by, so the engine can be swapped
 * (tesseract.js here; a fake in tests; a native or cloud engine later) without touching stages.
 */
export interface OcrEngine {
  readonly name: string;
  /** Engine and model, recorded in every sidecar so results can be traced and compared. */
  readonly version: string;
  /** The recognition model alone ("eng best_int"), recorded on every page it read. */
  readonly model?: string;
  recognize(request: RecognizeRequest): Promise<TimedOcrResult>;
  detectOrientation?(image: Buffer): Promise<OrientationOpinion | undefined>;
  close(): Promise<void>;
}
