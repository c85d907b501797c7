import type { BBox, OcrLine, OcrResult, OcrWord } from '../core/types.ts';

/** The parts of tesseract.js's `blocks` output we read (its own types mark them all optional). */
export interface TesseractBlock {
  paragraphs: Array<{
    lines: Array<{
      text: string;
      confidence: number;
      bbox: BBox;
      words: Array<{ text: string; confidence: number; bbox: BBox }>;
    }>;
  }>;
}

/**
 * Flattens tesseract's block → paragraph → line → word tree into reading-order words and lines,
 * and the page text with one line per OCR line and a blank line between paragraphs.
 */
export function toOcrResult(blocks: TesseractBlock[] | null | undefined): OcrResult {
  const words: OcrWord[] = [];
  const lines: OcrLine[] = [];
  const paragraphTexts: string[] = [];
  for (const block of blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      const lineTexts: string[] = [];
      for (const line of paragraph.lines) {
        const wordIndexes: number[] = [];
        for (const word of line.words) {
          const text = word.text.trim();
          if (text === '') continue;
          wordIndexes.push(words.length);
          words.push({ text, bbox: { ...word.bbox }, confidence: round(word.confidence) });
        }
        if (wordIndexes.length === 0) continue;
        const text = wordIndexes.map((index) => words[index].text).join(' ');
        lines.push({ text, bbox: { ...line.bbox }, confidence: round(line.confidence), wordIndexes });
        lineTexts.push(text);
      }
      if (lineTexts.length > 0) paragraphTexts.push(lineTexts.join('\n'));
    }
  }
  const meanConfidence = words.length === 0 ? 0 : round(words.reduce((sum, word) => sum + word.confidence, 0) / words.length);
  return { text: paragraphTexts.join('\n\n'), words, lines, meanConfidence };
}

const round = (value: number): number => Math.round(value * 10) / 10;
