import type { BBox, OcrResult } from '../core/types.ts';
import { type TesseractBlock, toOcrResult } from './tesseract-result.ts';

/**
 * Reads the tesseract CLI's TSV output (`tesseract … tsv`) into the same OcrResult tesseract.js
 * gives: the rows are rebuilt into tesseract.js's block → paragraph → line → word tree and
 * flattened by the same toOcrResult, so both engines lay out the page text the same way (one
 * line per OCR line, a blank line between paragraphs) and extraction sees no difference.
 *
 * TSV has one row per layout element: level 1 page, 2 block, 3 paragraph, 4 line, 5 word,
 * with left/top/width/height in pixels and a confidence on words only (-1 elsewhere).
 */

const LEVEL = { block: 2, paragraph: 3, line: 4, word: 5 } as const;
const HEADER = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';

type Line = TesseractBlock['paragraphs'][number]['lines'][number];

export function parseTesseractTsv(tsv: string): OcrResult {
  const blocks: TesseractBlock[] = [];
  let block: TesseractBlock | undefined;
  let paragraph: TesseractBlock['paragraphs'][number] | undefined;
  let line: Line | undefined;
  for (const row of tsv.split('\n')) {
    if (row === '' || row.startsWith('level\t')) continue;
    const cells = row.split('\t');
    // The text is the last column and is never split (tesseract writes no tabs inside a word).
    if (cells.length < 12) continue;
    const level = Number(cells[0]);
    const [left, top, width, height] = cells.slice(6, 10).map(Number);
    const bbox: BBox = { x0: left, y0: top, x1: left + width, y1: top + height };
    if (level === LEVEL.block) {
      block = { paragraphs: [] };
      blocks.push(block);
    } else if (level === LEVEL.paragraph) {
      paragraph = { lines: [] };
      block?.paragraphs.push(paragraph);
    } else if (level === LEVEL.line) {
      line = { text: '', confidence: 0, bbox, words: [] };
      paragraph?.lines.push(line);
    } else if (level === LEVEL.word && line) {
      line.words.push({ text: cells.slice(11).join('\t'), confidence: Math.max(0, Number(cells[10])), bbox });
    }
  }
  // TSV gives no line confidence; tesseract.js's is close to the mean of its words', so use that.
  for (const each of blocks.flatMap((b) => b.paragraphs.flatMap((p) => p.lines))) {
    const read = each.words.filter((word) => word.text.trim() !== '');
    each.confidence = read.length === 0 ? 0 : read.reduce((sum, word) => sum + word.confidence, 0) / read.length;
  }
  return toOcrResult(blocks);
}

/** True when the text looks like tesseract's TSV (its header row), so a wrong output is caught, not read as an empty page. */
export function isTesseractTsv(output: string): boolean {
  return output.startsWith(HEADER);
}
