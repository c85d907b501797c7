import { decodeOcrImage, encodeOcrImage } from '../../core/ocr-image.ts';
import type { BBox, OcrResult, OcrWord, TextMissing } from '../../core/types.ts';
import type { OcrEngine } from '../../engines/ocr-engine.ts';
import { insertParagraph, withoutWords, type AddedLine } from './merge-ocr.ts';
import { groupIntoRegions, letterWeightedConfidence, MIN_LINE_COVERAGE, readingOf, uncoveredLines, unreadRegions } from './text-coverage.ts';

/**
 * No silent loss: the regions of text-like ink a page's OCR returned no words for are each
 * read again on their own as one block of text (tesseract PSM 6), which reads what full layout
 * analysis passed over (a skewed paragraph, small print beside a large block, text in a box).
 * What is read well is merged into the page; a region still unread is reported as text missing,
 * so the page goes to a person instead of being filed as if complete.
 */

/** A region's re-read counts only when its words are read at least this surely on average. */
export const MIN_REREAD_CONFIDENCE = 60;
/** Words read below this inside an accepted region are noise (a stray mark), not text. */
const MIN_WORD_CONFIDENCE = 30;
/**
 * Unread text shorter than this (summed over a region's line pieces) is not reported: a stray
 * word or mark that OCR skipped is not the lost paragraph this guards against, and flagging it
 * would send ordinary pages to a person. It is still read again. Counted in inches and in line
 * heights (a few words' worth), so a scan whose stated dpi is wrong is judged by its own print.
 */
export const MIN_MISSING_INCHES = 0.8;
export const MIN_MISSING_LINE_HEIGHTS = 12;
/**
 * A region whose lines OCR did span is reported only when it is a block (two lines or more)
 * whose words are nonsense as a whole (letter-weighted confidence below this): a line with one
 * word misread (a fax speck joining two words) is low confidence, not text missing. Mirrored or
 * scribbled blocks come back at ~35–40.
 */
export const MAX_NONSENSE_CONFIDENCE = 45;
/** White kept around a region when it is cut out: tesseract reads poorly at the very edge of an image. */
const MARGIN_INCHES = 0.08;

export interface RereadOutcome {
  ocr: OcrResult;
  /** Regions that stayed unread, in page pixels. */
  textMissing: TextMissing[];
  /** Engine time spent re-reading (0 when nothing needed it). */
  rereadMs: number;
}

export interface RereadPage {
  ocrImage: Buffer;
  width: number;
  height: number;
  dpi: number;
  textLines: BBox[];
}

export async function rereadUnreadRegions(page: RereadPage, read: OcrResult, engine: OcrEngine): Promise<RereadOutcome> {
  const regions = unreadRegions(page.textLines, read.words);
  let ocr = read;
  let rereadMs = 0;
  for (const region of regions) {
    const started = performance.now();
    const { engineMs, ...found } = await engine.recognize({ image: await cropOf(page, region), dpi: page.dpi, layout: 'block' });
    rereadMs += engineMs ?? performance.now() - started;
    // Words the first read put inside the region were nonsense (or it would not be unread): a good re-read replaces them.
    const inside = (word: OcrWord): boolean => centreInside(word.bbox, region);
    const lines = linesInRegion(found, region, cropOrigin(page, region), ocr.words.filter((word) => !inside(word)));
    // Judged on every word read there: dropping the worst first would let nonsense pass.
    if (isUsable(lines) && letterWeightedConfidence(lines.flatMap((line) => line.words)) > letterWeightedConfidence(ocr.words.filter(inside))) {
      ocr = insertParagraph(withoutWords(ocr, inside), lines.map((line) => ({ ...line, words: line.words.filter((word) => word.confidence >= MIN_WORD_CONFIDENCE) })));
    }
  }
  // What is still unread after the re-reads (a region read badly, or only in part) is text missing.
  const textMissing = regions.length === 0 ? [] : missingText(page, ocr);
  return { ocr, textMissing, rereadMs };
}

/** The regions still unread once re-reads are merged, when each holds enough text to matter. */
function missingText(page: RereadPage, ocr: OcrResult): TextMissing[] {
  const unread = uncoveredLines(page.textLines, ocr.words);
  return groupIntoRegions(unread)
    .filter((region) => {
      // A strip narrower than a few words (fragments cut off at the page edge, a squiggle under
      // "Kind regards", a stamp's rim) is not a passage a search would miss: measured on a dithered
      // fax, all three flags such strips raised were a signature and the clipped edge of a faded letterhead.
      if (region.x1 - region.x0 < MIN_MISSING_INCHES * page.dpi) return false;
      const lines = unread.filter((line) => centreInside(line, region));
      const heights = lines.map((line) => line.y1 - line.y0).sort((a, b) => a - b);
      const minimum = Math.max(MIN_MISSING_INCHES * page.dpi, MIN_MISSING_LINE_HEIGHTS * heights[Math.floor(heights.length / 2)]);
      if (lines.reduce((sum, line) => sum + line.x1 - line.x0, 0) < minimum) return false;
      const skipped = lines.some((line) => readingOf(line, ocr.words).coverage < MIN_LINE_COVERAGE);
      return skipped || (lines.length >= 2 && letterWeightedConfidence(ocr.words.filter((word) => centreInside(word.bbox, region))) < MAX_NONSENSE_CONFIDENCE);
    })
    .map((bbox) => ({ bbox }));
}

function isUsable(lines: AddedLine[]): boolean {
  const words = lines.flatMap((line) => line.words);
  return words.length > 0 && letterWeightedConfidence(words) >= MIN_REREAD_CONFIDENCE;
}


/**
 * The re-read's lines in page pixels, keeping only words that belong to the region (the margin
 * may catch the edge of a line already read).
 */
function linesInRegion(found: OcrResult, region: BBox, origin: { x: number; y: number }, pageWords: OcrWord[]): AddedLine[] {
  const toPage = (box: BBox): BBox => ({ x0: box.x0 + origin.x, y0: box.y0 + origin.y, x1: box.x1 + origin.x, y1: box.y1 + origin.y });
  return found.lines.map((line) => {
    const words = line.wordIndexes
      .map((index) => found.words[index])
      .map((word) => ({ ...word, bbox: toPage(word.bbox) }))
      .filter((word) => centreInside(word.bbox, region) && !overlapsAny(word.bbox, pageWords));
    return { bbox: toPage(line.bbox), confidence: line.confidence, words };
  });
}

function cropOrigin(page: RereadPage, region: BBox): { x: number; y: number; width: number; height: number } {
  const margin = Math.round(MARGIN_INCHES * page.dpi);
  const x = Math.max(0, region.x0 - margin);
  const y = Math.max(0, region.y0 - margin);
  return { x, y, width: Math.min(page.width, region.x1 + margin) - x, height: Math.min(page.height, region.y1 + margin) - y };
}

/** The region with its margin, as a PGM like the page's (rows copied straight from the page's pixels). */
function cropOf(page: RereadPage, region: BBox): Buffer {
  const crop = cropOrigin(page, region);
  const pixels = decodeOcrImage(page.ocrImage);
  const data = new Uint8Array(crop.width * crop.height);
  for (let row = 0; row < crop.height; row++) {
    const from = (crop.y + row) * pixels.width + crop.x;
    data.set(pixels.data.subarray(from, from + crop.width), row * crop.width);
  }
  return encodeOcrImage({ data, width: crop.width, height: crop.height });
}

function centreInside(box: BBox, region: BBox): boolean {
  const x = (box.x0 + box.x1) / 2;
  const y = (box.y0 + box.y1) / 2;
  return x >= region.x0 && x <= region.x1 && y >= region.y0 && y <= region.y1;
}

/** True when the word shares more than a third of its area with a word already on the page. */
function overlapsAny(box: BBox, words: OcrWord[]): boolean {
  const area = Math.max(1, (box.x1 - box.x0) * (box.y1 - box.y0));
  return words.some((word) => {
    const w = Math.min(box.x1, word.bbox.x1) - Math.max(box.x0, word.bbox.x0);
    const h = Math.min(box.y1, word.bbox.y1) - Math.max(box.y0, word.bbox.y0);
    return w > 0 && h > 0 && (w * h) / area > 1 / 3;
  });
}
