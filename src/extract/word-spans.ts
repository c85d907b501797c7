import type { BBox, OcrResult, OcrWord } from '../core/types.ts';
import type { FoundAt } from './extracted-fields.ts';

/**
 * One page's words laid out as plain text (one OCR line per text line, words joined by single
 * spaces) with every word's character range kept, so a regular expression match anywhere in the
 * text — even across a line end — can be traced back to the words it came from: their boxes
 * (for the reviewer's crop) and their OCR confidence.
 */
export interface TextLine {
  /** Index of this line in PageText.lines. */
  index: number;
  text: string;
  /** Character range of the line inside PageText.text. */
  start: number;
  end: number;
  wordIndexes: number[];
  bbox: BBox;
}

export interface PageText {
  page: number;
  text: string;
  words: OcrWord[];
  lines: TextLine[];
  /** Per word index: its character range in `text` (-1 when the word sits in no line). */
  wordStart: number[];
  wordEnd: number[];
  /** Bottom of the lowest word: lets rules ask "is this near the top of the page?". */
  height: number;
}

export interface Evidence {
  /** The page text the match covered, as OCR read it. */
  raw: string;
  /** Lowest OCR confidence among the words touched. */
  confidence: number;
  foundAt: FoundAt;
}

export function unionBox(boxes: BBox[]): BBox {
  return {
    x0: Math.min(...boxes.map((box) => box.x0)),
    y0: Math.min(...boxes.map((box) => box.y0)),
    x1: Math.max(...boxes.map((box) => box.x1)),
    y1: Math.max(...boxes.map((box) => box.y1)),
  };
}

/** Sidecars always carry lines; when a caller hands over bare words, rebuild lines by position. */
function linesOf(result: OcrResult): number[][] {
  if (result.lines.length > 0) return result.lines.map((line) => line.wordIndexes);
  const lines: number[][] = [];
  let current: number[] = [];
  result.words.forEach((word, index) => {
    const previous = current.length > 0 ? result.words[current[current.length - 1]] : undefined;
    const midline = previous ? (previous.bbox.y0 + previous.bbox.y1) / 2 : 0;
    if (previous && (word.bbox.y0 > midline || word.bbox.x0 < previous.bbox.x0)) {
      lines.push(current);
      current = [];
    }
    current.push(index);
  });
  if (current.length > 0) lines.push(current);
  return lines;
}

export function buildPageText(result: OcrResult, page: number): PageText {
  const wordStart = result.words.map(() => -1);
  const wordEnd = result.words.map(() => -1);
  const lines: TextLine[] = [];
  let text = '';
  for (const wordIndexes of linesOf(result)) {
    const usable = wordIndexes.filter((index) => result.words[index] && result.words[index].text.trim() !== '');
    if (usable.length === 0) continue;
    if (text !== '') text += '\n';
    const start = text.length;
    usable.forEach((wordIndex, position) => {
      if (position > 0) text += ' ';
      wordStart[wordIndex] = text.length;
      text += result.words[wordIndex].text.trim();
      wordEnd[wordIndex] = text.length;
    });
    lines.push({
      index: lines.length,
      text: text.slice(start),
      start,
      end: text.length,
      wordIndexes: usable,
      bbox: unionBox(usable.map((index) => result.words[index].bbox)),
    });
  }
  const height = Math.max(1, ...result.words.map((word) => word.bbox.y1));
  return { page, text, words: result.words, lines, wordStart, wordEnd, height };
}

export function buildPageTexts(pages: OcrResult[]): PageText[] {
  return pages.map((result, page) => buildPageText(result, page));
}

/** The words whose text overlaps the character range [start, end) of the page text. */
export function wordsInRange(pageText: PageText, start: number, end: number): number[] {
  const indexes: number[] = [];
  pageText.wordStart.forEach((wordStart, index) => {
    if (wordStart >= 0 && wordStart < end && pageText.wordEnd[index] > start) indexes.push(index);
  });
  return indexes;
}

export function evidenceFor(pageText: PageText, start: number, end: number): Evidence | undefined {
  const indexes = wordsInRange(pageText, start, end);
  if (indexes.length === 0) return undefined;
  const words = indexes.map((index) => pageText.words[index]);
  return {
    raw: pageText.text.slice(start, end),
    confidence: Math.min(...words.map((word) => word.confidence)),
    foundAt: { page: pageText.page, bbox: unionBox(words.map((word) => word.bbox)) },
  };
}

/** The line holding character offset `at`. */
export function lineAt(pageText: PageText, at: number): TextLine | undefined {
  return pageText.lines.find((line) => at >= line.start && at <= line.end);
}

/** 0 at the top of the page, 1 at the bottom: where a line sits, for letterhead and title rules. */
export function relativeTop(pageText: PageText, line: TextLine): number {
  return line.bbox.y0 / pageText.height;
}

export interface TextMatch {
  start: number;
  end: number;
  groups: (string | undefined)[];
  text: string;
}

/** Every match of a global regular expression over a string, with offsets. */
export function matchesOf(text: string, pattern: RegExp, offset = 0): TextMatch[] {
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  const global = new RegExp(pattern.source, flags);
  const found: TextMatch[] = [];
  for (const match of text.matchAll(global)) {
    const start = (match.index ?? 0) + offset;
    found.push({ start, end: start + match[0].length, groups: match.slice(1), text: match[0] });
  }
  return found;
}

/** Clamp a confidence into 0–100 after a rule lowered it. */
export function clampConfidence(value: number): number {
  return Math.max(0, Math.min(100, Math.round(value)));
}
