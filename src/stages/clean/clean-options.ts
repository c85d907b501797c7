import type { OcrEngine } from '../../engines/ocr-engine.ts';
import type { CleanOptions } from './clean-page.ts';

/**
 * How a page is cleaned, from the run's options: the same for `recto scan` and the queue's
 * clean worker, so both make the same page of the same scan. The engine's orientation
 * detector is asked only when OSD was opted into (it costs ~450 MB per process).
 */
export function cleanOptionsFor(options: { jpegQuality: number; osd?: boolean }, engine: OcrEngine): CleanOptions {
  return {
    jpegQuality: options.jpegQuality,
    detectOrientation: options.osd ? engine.detectOrientation?.bind(engine) : undefined,
  };
}
