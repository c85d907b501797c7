import { describe, expect, it } from 'vitest';
import type { BBox, OcrWord } from '../../src/core/types.ts';
import { toOcrResult } from '../../src/engines/tesseract-result.ts';
import { insertParagraph, withoutWords } from '../../src/stages/ocr/merge-ocr.ts';
import { groupIntoRegions, readingOf, uncoveredLines, unreadRegions } from '../../src/stages/ocr/text-coverage.ts';

/**
 * The coverage check after OCR: which line pieces of text-like ink the words read account for,
 * which regions are worth reading again, and how re-read lines join the page's result.
 * Boxes in pixels of a 300 dpi page: lines 45 px tall on a 62 px pitch, as the samples print.
 */

const line = (y: number, x0 = 300, x1 = 2100): BBox => ({ x0, y0: y, x1, y1: y + 45 });
const word = (text: string, x0: number, y: number, confidence = 92): OcrWord => ({ text, confidence, bbox: { x0, y0: y + 2, x1: x0 + 24 * text.length, y1: y + 44 } });
/** Words laid across a line piece from x0 to x1 with ordinary word gaps. */
function wordsAcross(y: number, x0 = 300, x1 = 2100, confidence = 92): OcrWord[] {
  const words: OcrWord[] = [];
  for (let x = x0; x + 5 * 24 <= x1; x += 5 * 24 + 20) words.push(word('words', x, y, confidence));
  return words;
}

describe('readingOf', () => {
  it('counts a line read when its words span it, gaps between words bridged', () => {
    const reading = readingOf(line(1000), wordsAcross(1000));
    expect(reading.coverage).toBeGreaterThan(0.95);
    expect(reading.confidence).toBe(92);
  });

  it('ignores words on the lines above and below', () => {
    expect(readingOf(line(1000), [...wordsAcross(938), ...wordsAcross(1062)]).coverage).toBe(0);
  });

  it('weights confidence by letters, so a long word of nonsense outweighs a short one read well', () => {
    const reading = readingOf(line(1000), [word('on', 300, 1000, 92), word('noitsllindit', 400, 1000, 1)]);
    expect(reading.confidence).toBeLessThan(20);
  });
});

describe('uncoveredLines and unreadRegions', () => {
  const page = [line(1000), line(1062), line(1124), line(1200), line(1262), line(1324), line(1400), line(1462)];
  const readAll = page.flatMap((piece) => wordsAcross(piece.y0));

  it('finds nothing unread on a page read in full', () => {
    expect(uncoveredLines(page, readAll)).toEqual([]);
    expect(unreadRegions(page, readAll)).toEqual([]);
  });

  it('finds a dropped paragraph between two read ones as one region', () => {
    const dropped = readAll.filter((w) => w.bbox.y0 < 1200 || w.bbox.y0 > 1330);
    expect(unreadRegions(page, dropped)).toEqual([{ x0: 300, y0: 1200, x1: 2100, y1: 1369 }]);
  });

  it('finds a line half read as unread, and one read as nonsense', () => {
    const words = [...wordsAcross(1000, 300, 900), ...wordsAcross(1062, 300, 2100, 35), ...page.slice(2).flatMap((piece) => wordsAcross(piece.y0))];
    expect(uncoveredLines(page, words)).toEqual([line(1000), line(1062)]);
  });

  it('keeps blocks apart when they are side by side or far apart down the page', () => {
    const regions = groupIntoRegions([line(1000, 300, 1000), line(1062, 300, 1000), line(1000, 1400, 2100), line(2000, 300, 1000)]);
    expect(regions).toEqual([
      { x0: 300, y0: 1000, x1: 1000, y1: 1107 },
      { x0: 1400, y0: 1000, x1: 2100, y1: 1045 },
      { x0: 300, y0: 2000, x1: 1000, y1: 2045 },
    ]);
  });
});

describe('insertParagraph and withoutWords', () => {
  const tesseractLine = (text: string, y: number) => ({
    text,
    confidence: 90,
    bbox: { x0: 300, y0: y, x1: 2100, y1: y + 45 },
    words: text.split(' ').map((t, i) => ({ text: t, confidence: 90, bbox: { x0: 300 + 200 * i, y0: y, x1: 480 + 200 * i, y1: y + 45 } })),
  });
  const page = toOcrResult([
    { paragraphs: [{ lines: [tesseractLine('First paragraph here', 1000), tesseractLine('and its end', 1062)] }] },
    { paragraphs: [{ lines: [tesseractLine('Third paragraph', 1400)] }] },
  ]);
  const recovered = [
    { bbox: line(1200), confidence: 88, words: [word('Second', 300, 1200, 88), word('one', 500, 1200, 88)] },
    { bbox: line(1262), confidence: 86, words: [word('recovered', 300, 1262, 86)] },
  ];

  it('puts the re-read lines back between their neighbours, with words, lines and text consistent', () => {
    const merged = insertParagraph(page, recovered);
    expect(merged.text).toBe('First paragraph here\nand its end\n\nSecond one\nrecovered\n\nThird paragraph');
    expect(merged.words.map((w) => w.text)).toEqual(['First', 'paragraph', 'here', 'and', 'its', 'end', 'Second', 'one', 'recovered', 'Third', 'paragraph']);
    for (const mergedLine of merged.lines) expect(mergedLine.wordIndexes.map((i) => merged.words[i].text).join(' ')).toBe(mergedLine.text);
    expect(merged.meanConfidence).toBeCloseTo((8 * 90 + 2 * 88 + 86) / 11, 1);
  });

  it('adds a block lower than every paragraph at the end', () => {
    const merged = insertParagraph(page, [{ bbox: line(3000), confidence: 80, words: [word('Footnote', 300, 3000, 80)] }]);
    expect(merged.text.endsWith('Third paragraph\n\nFootnote')).toBe(true);
  });

  it('removes words a better reading replaces, and lines left empty', () => {
    const without = withoutWords(page, (w) => w.bbox.y0 === 1062);
    expect(without.text).toBe('First paragraph here\n\nThird paragraph');
    expect(without.lines).toHaveLength(2);
    expect(without.words).toHaveLength(5);
  });
});
