import type { BBox } from '../../core/types.ts';
import { labelComponents, type Component } from './components.ts';
import { binarise, type BinaryImage, type GreyImage } from './grey-image.ts';

/**
 * Where the cleaned page has text-like ink, as line pieces: runs of letter-sized marks side by
 * side on one line. The OCR stage compares them with the words it read, so a paragraph that
 * layout analysis passed over is noticed instead of silently lost. Lines (not blocks) because a
 * dropped paragraph between two read ones must not hide inside one big "covered" block.
 *
 * Found on a ~100 dpi copy of the OCR image (letters of 6 pt and up are several pixels tall
 * there; labelling takes a few ms) and returned in the OCR image's pixels, so the cleaned page
 * carries them through storage as a few kB of JSON and the OCR stage need not decode the image.
 */

export const TEXT_LINE_DPI = 100;
/** Anything lighter than this on flattened paper (255) is not ink; faint grey print still is. */
const INK_LEVEL = 220;
/** A line piece needs this many letter-sized marks: two specks or a lone mark is not text. */
const MIN_MARKS_PER_LINE = 3;

const MM_PER_INCH = 25.4;

/** Finds text line pieces on a greyscale page (paper light, ink dark) at full resolution. */
export function findTextLines(grey: Uint8Array, width: number, height: number, dpi: number): BBox[] {
  const factor = Math.max(1, Math.round(dpi / TEXT_LINE_DPI));
  const lines = textLinesIn(binarise(darkestOfBlocks(grey, width, height, factor), INK_LEVEL), dpi / factor);
  const toFull = (value: number, limit: number): number => Math.max(0, Math.min(limit, value * factor));
  return lines.map((box) => ({ x0: toFull(box.x0, width), y0: toFull(box.y0, height), x1: toFull(box.x1, width), y1: toFull(box.y1, height) }));
}

/**
 * Shrinks the page by `factor`, keeping each block's darkest pixel: thin strokes of faint print
 * stay as dark as they were, where averaging would fade them into the paper.
 */
export function darkestOfBlocks(grey: Uint8Array, width: number, height: number, factor: number): GreyImage {
  if (factor === 1) return { width, height, data: grey };
  const smallWidth = Math.ceil(width / factor);
  const smallHeight = Math.ceil(height / factor);
  const data = new Uint8Array(smallWidth * smallHeight).fill(255);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const smallRow = Math.floor(y / factor) * smallWidth;
    for (let x = 0; x < width; x++) {
      const value = grey[row + x];
      const at = smallRow + Math.floor(x / factor);
      if (value < data[at]) data[at] = value;
    }
  }
  return { width: smallWidth, height: smallHeight, data };
}

/**
 * The line pieces of a binary page, in its own pixels. Marks are kept when letter-sized (not
 * specks, rules, borders, boxes, photos or large signature strokes); each is widened sideways
 * by about a letter's height and narrowed to the middle of its height, so neighbours on a line
 * join while the lines above and below (ascenders, descenders) stay apart.
 */
export function textLinesIn(ink: BinaryImage, dpi: number): BBox[] {
  const mm = (value: number): number => (value * dpi) / MM_PER_INCH;
  const marks = labelComponents(ink).components.filter((mark) => isLetterSized(mark, mm));
  if (marks.length < MIN_MARKS_PER_LINE) return [];

  const joined = new Uint8Array(ink.width * ink.height);
  for (const mark of marks) {
    const height = mark.y1 - mark.y0;
    const reach = Math.max(2, Math.round(height * 0.9));
    const band = Math.max(1, Math.round(height / 4));
    fill(joined, ink.width, ink.height, { x0: mark.x0 - reach, x1: mark.x1 + reach, y0: mark.y0 + band, y1: mark.y1 - band });
  }
  const { labels, components: pieces } = labelComponents({ width: ink.width, height: ink.height, data: joined });

  // Each piece's box is its marks' own extent (not the widened band), with its marks' heights.
  const boxes = pieces.map(() => ({ x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity, heights: [] as number[] }));
  for (const mark of marks) {
    const centreX = Math.min(ink.width - 1, Math.floor((mark.x0 + mark.x1) / 2));
    const centreY = Math.min(ink.height - 1, Math.floor((mark.y0 + mark.y1) / 2));
    const label = labels[centreY * ink.width + centreX];
    if (label === 0) continue;
    const box = boxes[label - 1];
    box.x0 = Math.min(box.x0, mark.x0);
    box.y0 = Math.min(box.y0, mark.y0);
    box.x1 = Math.max(box.x1, mark.x1);
    box.y1 = Math.max(box.y1, mark.y1);
    box.heights.push(mark.y1 - mark.y0);
  }
  return boxes
    .filter((box) => box.heights.length >= MIN_MARKS_PER_LINE && box.x1 - box.x0 >= 1.5 * (box.y1 - box.y0) && looksPrinted(box))
    .map(({ x0, y0, x1, y1 }) => ({ x0, y0, x1, y1 }))
    .sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

/**
 * Printed text keeps to a line: its marks are of a few similar heights (x-height, ascenders,
 * descenders) and the line is not much taller than they are. Hatching in a picture, a signature
 * or a scribble gives marks of every height spread over a taller band.
 */
function looksPrinted(box: { y0: number; y1: number; heights: number[] }): boolean {
  const sorted = [...box.heights].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const alike = sorted.filter((height) => height >= 0.5 * median && height <= 2 * median).length;
  return alike >= 0.75 * sorted.length && box.y1 - box.y0 <= 2.5 * median;
}

/** Letters (or letters run together at this resolution) are 0.8–10 mm tall and not solid blocks. */
function isLetterSized(mark: Component, mm: (value: number) => number): boolean {
  const height = mark.y1 - mark.y0;
  const width = mark.x1 - mark.x0;
  if (height < Math.max(3, mm(0.8)) || height > mm(10) || width > mm(50)) return false;
  if (width > height * 12) return false; // an underline or a rule with text touching it
  if (mark.area > 0.9 * width * height && width * height > mm(2) * mm(2)) return false; // a filled box or a bar
  return true;
}

function fill(mask: Uint8Array, width: number, height: number, box: BBox): void {
  const x0 = Math.max(0, box.x0);
  const x1 = Math.min(width, box.x1);
  const y0 = Math.max(0, box.y0);
  const y1 = Math.min(height, Math.max(box.y0 + 1, box.y1));
  for (let y = y0; y < y1; y++) mask.fill(1, y * width + x0, y * width + x1);
}
