import type { BBox, OcrWord } from '../../core/types.ts';

/**
 * Which pieces of text-like ink the words OCR returned do not account for, grouped into the
 * regions worth reading again. Pure geometry in the OCR image's pixels, so it is cheap and
 * unit-tested on its own.
 */

/** A line piece counts as read when words span at least this share of its width... */
export const MIN_LINE_COVERAGE = 0.5;
/**
 * ...and those words were read this surely (0–100, weighted by their letters). Text OCR cannot
 * make out (mirrored, scribbled, smeared) comes back as words of nonsense at ~40; print read
 * right, even on poor scans, at 80–95.
 */
export const MIN_LINE_CONFIDENCE = 55;

export interface LineReading {
  /** Share of the line piece's width that words on it span (gaps between words bridged). */
  coverage: number;
  /** Letter-weighted mean confidence of those words; 0 without any. */
  confidence: number;
}

export function readingOf(line: BBox, words: readonly OcrWord[]): LineReading {
  const width = line.x1 - line.x0;
  const lineHeight = line.y1 - line.y0;
  // Gaps between words are about half a letter's height; bridging them keeps a fully read line at ~100 %.
  const bridge = lineHeight / 2;
  const spans: Array<[number, number]> = [];
  const onLine: OcrWord[] = [];
  for (const word of words) {
    const box = word.bbox;
    if (verticalOverlap(line, box) < 0.5 * Math.min(lineHeight, box.y1 - box.y0)) continue;
    const start = Math.max(line.x0, box.x0 - bridge);
    const end = Math.min(line.x1, box.x1 + bridge);
    if (end <= start) continue;
    spans.push([start, end]);
    onLine.push(word);
  }
  return { coverage: width <= 0 ? 1 : unionLength(spans) / width, confidence: letterWeightedConfidence(onLine) };
}

/** Mean confidence weighted by letters, as a long word of nonsense should count for more than a short one read well; 0 without any. */
export function letterWeightedConfidence(words: readonly OcrWord[]): number {
  const letters = words.reduce((sum, word) => sum + word.text.length, 0);
  return letters === 0 ? 0 : words.reduce((sum, word) => sum + word.text.length * word.confidence, 0) / letters;
}

/** The line pieces the words leave mostly unread, or read only as nonsense. */
export function uncoveredLines(lines: readonly BBox[], words: readonly OcrWord[]): BBox[] {
  return lines.filter((line) => {
    const reading = readingOf(line, words);
    return reading.coverage < MIN_LINE_COVERAGE || reading.confidence < MIN_LINE_CONFIDENCE;
  });
}

/**
 * Groups unread line pieces into blocks to read again: pieces that overlap sideways and follow
 * each other down the page within about a line's height of each other form one block.
 */
export function groupIntoRegions(lines: readonly BBox[]): BBox[] {
  const regions: Array<BBox & { lineHeight: number }> = [];
  for (const line of [...lines].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)) {
    const height = line.y1 - line.y0;
    const region = regions.find(
      (candidate) =>
        line.y0 - candidate.y1 <= 1.5 * Math.max(height, candidate.lineHeight) &&
        line.y1 > candidate.y0 &&
        Math.min(line.x1, candidate.x1) > Math.max(line.x0, candidate.x0),
    );
    if (region) {
      region.x0 = Math.min(region.x0, line.x0);
      region.y0 = Math.min(region.y0, line.y0);
      region.x1 = Math.max(region.x1, line.x1);
      region.y1 = Math.max(region.y1, line.y1);
      region.lineHeight = Math.max(region.lineHeight, height);
    } else {
      regions.push({ ...line, lineHeight: height });
    }
  }
  return regions.map(({ x0, y0, x1, y1 }) => ({ x0, y0, x1, y1 }));
}

/** Regions of text-like ink that OCR returned no words (or only nonsense) for. */
export function unreadRegions(lines: readonly BBox[], words: readonly OcrWord[]): BBox[] {
  return groupIntoRegions(uncoveredLines(lines, words));
}

function verticalOverlap(a: BBox, b: BBox): number {
  return Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
}

function unionLength(spans: Array<[number, number]>): number {
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [start, stop] of spans) {
    if (stop <= end) continue;
    total += stop - Math.max(start, end);
    end = stop;
  }
  return total;
}
