import type { BBox, OcrLine, OcrResult, OcrWord } from '../../core/types.ts';
import { toOcrResult } from '../../engines/tesseract-result.ts';
import { unionBox } from '../../extract/word-spans.ts';

/**
 * Puts lines read again from one region of a page into the page's OCR result, as a paragraph
 * of its own at its place in reading order, keeping the result's invariants: words in reading
 * order, each line's wordIndexes pointing at its words, text as the lines (one per OCR line)
 * with a blank line between paragraphs, and the mean confidence over every word.
 */

/** A line to add, in page pixels, with its words. */
export interface AddedLine {
  bbox: BBox;
  confidence: number;
  words: OcrWord[];
}

interface Paragraph {
  lines: Array<{ line: OcrLine; words: OcrWord[] }>;
  bbox: BBox;
}

export function insertParagraph(page: OcrResult, added: AddedLine[]): OcrResult {
  const newLines = added.filter((line) => line.words.length > 0);
  if (newLines.length === 0) return page;
  const paragraphs = paragraphsOf(page);
  const paragraph: Paragraph = {
    lines: newLines.map((line) => ({
      line: { text: line.words.map((word) => word.text).join(' '), bbox: line.bbox, confidence: line.confidence, wordIndexes: [] },
      words: line.words,
    })),
    bbox: unionBox(newLines.map((line) => line.bbox)),
  };
  paragraphs.splice(insertionPoint(paragraphs, paragraph.bbox), 0, paragraph);
  return rebuild(paragraphs);
}

/** The page without the words `drop` picks (nonsense a better reading replaces); lines left empty go too. */
export function withoutWords(page: OcrResult, drop: (word: OcrWord) => boolean): OcrResult {
  if (!page.words.some(drop)) return page;
  const paragraphs = paragraphsOf(page)
    .map((paragraph) => ({
      ...paragraph,
      lines: paragraph.lines
        .map(({ line, words }) => {
          const kept = words.filter((word) => !drop(word));
          return { line: { ...line, text: kept.map((word) => word.text).join(' ') }, words: kept };
        })
        .filter(({ words }) => words.length > 0),
    }))
    .filter((paragraph) => paragraph.lines.length > 0);
  return rebuild(paragraphs);
}

/**
 * Before the first paragraph, in the page's reading order, that starts below the region in the
 * same column; failing that, before the first that starts below it at all; else at the end. So a
 * dropped paragraph goes back between its neighbours, and a block beside the body text goes
 * before the body's next paragraph below it.
 */
function insertionPoint(paragraphs: Paragraph[], region: BBox): number {
  const sameColumn = paragraphs.findIndex((p) => p.bbox.y0 >= region.y0 && Math.min(p.bbox.x1, region.x1) > Math.max(p.bbox.x0, region.x0));
  if (sameColumn >= 0) return sameColumn;
  const below = paragraphs.findIndex((p) => p.bbox.y0 >= region.y0);
  return below >= 0 ? below : paragraphs.length;
}

/**
 * The page's paragraphs, recovered from its text (paragraphs are separated by a blank line and
 * hold one text line per OCR line). A result whose text does not match its lines that way
 * (another engine's) is taken as one paragraph per line: order is kept, only spacing changes.
 */
function paragraphsOf(page: OcrResult): Paragraph[] {
  const lineCounts = page.text === '' ? [] : page.text.split('\n\n').map((text) => text.split('\n').length);
  const counted = lineCounts.reduce((sum, count) => sum + count, 0);
  const sizes = counted === page.lines.length ? lineCounts : page.lines.map(() => 1);
  const paragraphs: Paragraph[] = [];
  let next = 0;
  for (const size of sizes) {
    const lines = page.lines.slice(next, next + size).map((line) => ({ line, words: line.wordIndexes.map((index) => page.words[index]) }));
    next += size;
    paragraphs.push({ lines, bbox: unionBox(lines.map(({ line }) => line.bbox)) });
  }
  return paragraphs;
}

/** The result laid out as every engine's is (tesseract-result.ts): words in order, a line per OCR line, a blank line between paragraphs. */
function rebuild(paragraphs: Paragraph[]): OcrResult {
  return toOcrResult([
    { paragraphs: paragraphs.map((paragraph) => ({ lines: paragraph.lines.map(({ line, words }) => ({ text: line.text, confidence: line.confidence, bbox: line.bbox, words })) })) },
  ]);
}
