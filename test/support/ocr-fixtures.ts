import type { OcrLine, OcrResult, OcrWord } from '../../src/core/types.ts';

/**
 * OCR results made from plain text, as tesseract would report a clean A4 page at 300 dpi:
 * one OcrLine per non-empty text line, words split on spaces, boxes laid out left to right
 * and top to bottom (a 20 px wide character, 50 px line pitch). Blank lines still take their
 * vertical space, so "near the top of the page" rules see realistic positions.
 */
export interface OcrFixtureOptions {
  /** Every word's confidence (default 95), or a function of the word and its place. */
  confidence?: number | ((word: string, pageIndex: number, lineIndex: number) => number);
  /** Page height in pixels (default: A4 at 300 dpi, 3508); lines below it are squeezed. */
  pageHeight?: number;
}

const LEFT_MARGIN = 150;
const TOP_MARGIN = 150;
const CHAR_WIDTH = 20;
const LINE_PITCH = 50;
const WORD_HEIGHT = 36;

export function ocrPageFromText(pageText: string, pageIndex = 0, options: OcrFixtureOptions = {}): OcrResult {
  const words: OcrWord[] = [];
  const lines: OcrLine[] = [];
  const textLines = pageText.split('\n');
  const pageHeight = options.pageHeight ?? 3508;
  const pitch = Math.min(LINE_PITCH, (pageHeight - 2 * TOP_MARGIN) / Math.max(1, textLines.length));
  textLines.forEach((lineText, lineIndex) => {
    const y0 = Math.round(TOP_MARGIN + lineIndex * pitch);
    const wordIndexes: number[] = [];
    for (const match of lineText.matchAll(/\S+/g)) {
      const x0 = LEFT_MARGIN + (match.index ?? 0) * CHAR_WIDTH;
      const confidence =
        typeof options.confidence === 'function' ? options.confidence(match[0], pageIndex, lineIndex) : (options.confidence ?? 95);
      wordIndexes.push(words.length);
      words.push({ text: match[0], bbox: { x0, y0, x1: x0 + match[0].length * CHAR_WIDTH, y1: y0 + WORD_HEIGHT }, confidence });
    }
    if (wordIndexes.length === 0) return;
    const lineWords = wordIndexes.map((index) => words[index]);
    lines.push({
      text: lineWords.map((word) => word.text).join(' '),
      bbox: {
        x0: lineWords[0].bbox.x0,
        y0,
        x1: lineWords[lineWords.length - 1].bbox.x1,
        y1: y0 + WORD_HEIGHT,
      },
      confidence: Math.min(...lineWords.map((word) => word.confidence)),
      wordIndexes,
    });
  });
  const meanConfidence = words.length === 0 ? 0 : words.reduce((sum, word) => sum + word.confidence, 0) / words.length;
  return { text: pageText, words, lines, meanConfidence };
}

/** One OcrResult per page text. */
export function ocrFromText(pageTexts: string[], options: OcrFixtureOptions = {}): OcrResult[] {
  return pageTexts.map((text, index) => ocrPageFromText(text, index, options));
}

/** A sample's true text (pages separated by form feeds) as OCR results. */
export function ocrFromTruth(truth: string, options: OcrFixtureOptions = {}): OcrResult[] {
  return ocrFromText(truth.replace(/\f\n?$/, '').split('\f'), options);
}
