import type { BBox } from '../../core/types.ts';

/**
 * Which pieces of text-like ink the words OCR returned do not account for, grouped into the
 * regions worth reading again. Pure geometry in the OCR image's pixels, so it is cheap and
 * unit-tested on its own.
 */

/** A line piece counts as read when words span at least this share of its width. */
export const MIN_LINE_COVERAGE = 0.5;

/** Share of a line piece's width that words on the same line span (gaps between words bridged). */
export function lineCoverage(line: BBox, words: readonly BBox[]): number {
  const width = line.x1 - line.x0;
  if (width <= 0) return 1;
  const lineHeight = line.y1 - line.y0;
  // Gaps between words are about half a letter's height; bridging them keeps a fully read line at ~100 %.
  const bridge = lineHeight / 2;
  const spans: Array<[number, number]> = [];
  for (const word of words) {
    if (verticalOverlap(line, word) < 0.5 * Math.min(lineHeight, word.y1 - word.y0)) continue;
    const start = Math.max(line.x0, word.x0 - bridge);
    const end = Math.min(line.x1, word.x1 + bridge);
    if (end > start) spans.push([start, end]);
  }
  return unionLength(spans) / width;
}

/** The line pieces the words leave mostly unread. */
export function uncoveredLines(lines: readonly BBox[], words: readonly BBox[]): BBox[] {
  return lines.filter((line) => lineCoverage(line, words) < MIN_LINE_COVERAGE);
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

/** Regions of text-like ink that OCR returned no words for. */
export function unreadRegions(lines: readonly BBox[], words: readonly BBox[]): BBox[] {
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
