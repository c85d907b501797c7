import { describe, expect, it } from 'vitest';
import { parseOsd } from '../../src/engines/native-tesseract-engine.ts';
import { isTesseractTsv, parseTesseractTsv } from '../../src/engines/tesseract-tsv.ts';
import { toOcrResult } from '../../src/engines/tesseract-result.ts';

const HEADER = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
const row = (level: number, ids: [number, number, number, number], box: [number, number, number, number], conf: number, text = ''): string =>
  [level, 1, ...ids, ...box, conf, text].join('\t');

/** Two blocks: a heading paragraph of one line, then a paragraph of two lines (one with an empty word). */
const TSV = [
  HEADER,
  row(1, [0, 0, 0, 0], [0, 0, 2480, 3508], -1),
  row(2, [1, 0, 0, 0], [100, 100, 500, 60], -1),
  row(3, [1, 1, 0, 0], [100, 100, 500, 60], -1),
  row(4, [1, 1, 1, 0], [100, 100, 500, 60], -1),
  row(5, [1, 1, 1, 1], [100, 100, 200, 60], 96.5, 'Clinic'),
  row(5, [1, 1, 1, 2], [320, 100, 280, 60], 91.25, 'Letter'),
  row(2, [2, 0, 0, 0], [100, 300, 900, 140], -1),
  row(3, [2, 1, 0, 0], [100, 300, 900, 140], -1),
  row(4, [2, 1, 1, 0], [100, 300, 900, 60], -1),
  row(5, [2, 1, 1, 1], [100, 300, 150, 60], 90, 'NHS'),
  row(5, [2, 1, 1, 2], [270, 300, 100, 60], 88, 'No:'),
  row(5, [2, 1, 1, 3], [390, 300, 300, 60], 95, '999'),
  row(4, [2, 1, 2, 0], [100, 380, 600, 60], -1),
  row(5, [2, 1, 2, 1], [100, 380, 300, 60], 80, 'Dear'),
  row(5, [2, 1, 2, 2], [420, 380, 10, 60], 0, ' '),
  row(5, [2, 1, 2, 3], [440, 380, 260, 60], 70, 'Doctor,'),
  '',
].join('\n');

describe('parseTesseractTsv', () => {
  const result = parseTesseractTsv(TSV);

  it('lays the text out as tesseract.js does: a line per OCR line, a blank line between paragraphs', () => {
    expect(result.text).toBe('Clinic Letter\n\nNHS No: 999\nDear Doctor,');
  });

  it('keeps every word with its box (right and bottom exclusive) and confidence, and no empty words', () => {
    expect(result.words.map((word) => word.text)).toEqual(['Clinic', 'Letter', 'NHS', 'No:', '999', 'Dear', 'Doctor,']);
    expect(result.words[1]).toEqual({ text: 'Letter', bbox: { x0: 320, y0: 100, x1: 600, y1: 160 }, confidence: 91.3 });
  });

  it('gives each line its box, its words by index and the mean of their confidences', () => {
    expect(result.lines.map((line) => line.wordIndexes)).toEqual([[0, 1], [2, 3, 4], [5, 6]]);
    expect(result.lines[2]).toMatchObject({ text: 'Dear Doctor,', bbox: { x0: 100, y0: 380, x1: 700, y1: 440 }, confidence: 75 });
    expect(result.meanConfidence).toBe(87.3);
  });

  it('makes the same result as tesseract.js output of the same tree', () => {
    const box = (x0: number, y0: number, width: number, height: number) => ({ x0, y0, x1: x0 + width, y1: y0 + height });
    const same = toOcrResult([
      { paragraphs: [{ lines: [{ text: '', confidence: 93.875, bbox: box(100, 100, 500, 60), words: [
        { text: 'Clinic', confidence: 96.5, bbox: box(100, 100, 200, 60) },
        { text: 'Letter', confidence: 91.25, bbox: box(320, 100, 280, 60) },
      ] }] }] },
    ]);
    expect(parseTesseractTsv(TSV.split('\n').slice(0, 7).join('\n'))).toEqual(same);
  });

  it('reads an empty page (only the page row) as no text', () => {
    expect(parseTesseractTsv(`${HEADER}\n${row(1, [0, 0, 0, 0], [0, 0, 2480, 3508], -1)}\n`)).toEqual({ text: '', words: [], lines: [], meanConfidence: 0 });
  });

  it('tells TSV from other output', () => {
    expect(isTesseractTsv(TSV)).toBe(true);
    expect(isTesseractTsv('Clinic Letter\n')).toBe(false);
  });
});

describe('parseOsd', () => {
  it('reads the clockwise turn that sets the page upright, and its confidence', () => {
    const output = 'Page number: 0\nOrientation in degrees: 270\nRotate: 90\nOrientation confidence: 7.52\nScript: Latin\nScript confidence: 2.10\n';
    expect(parseOsd(output)).toEqual({ degrees: 90, confidence: 0.752 });
  });

  it('gives no opinion below confidence 3, or on output it cannot read', () => {
    expect(parseOsd('Orientation in degrees: 180\nRotate: 180\nOrientation confidence: 1.20\n')).toBeUndefined();
    expect(parseOsd('Too few characters. Skipping this page\n')).toBeUndefined();
  });
});
