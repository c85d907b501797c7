import { describe, expect, it } from 'vitest';
import { parseExtractionConfig } from '../../src/extract/extraction-config.ts';
import { buildPageText, evidenceFor } from '../../src/extract/word-spans.ts';
import { ocrPageFromText } from '../support/ocr-fixtures.ts';

describe('page text built from OCR words', () => {
  it('joins words with spaces and lines with line ends, skipping empty lines', () => {
    const pageText = buildPageText(ocrPageFromText('NHS No: 999\n\n945 8076'), 0);
    expect(pageText.text).toBe('NHS No: 999\n945 8076');
    expect(pageText.lines.map((line) => line.text)).toEqual(['NHS No: 999', '945 8076']);
  });

  it('traces a match across a line end to the union box and weakest word', () => {
    const page = ocrPageFromText('NHS No: 999\n945 8076', 0, { confidence: (word) => (word === '945' ? 70 : 95) });
    const pageText = buildPageText(page, 2);
    const start = pageText.text.indexOf('999');
    const evidence = evidenceFor(pageText, start, pageText.text.length);
    expect(evidence).toEqual({
      raw: '999\n945 8076',
      confidence: 70,
      foundAt: { page: 2, bbox: { x0: 150, y0: 150, x1: 150 + 11 * 20, y1: 200 + 36 } },
    });
  });

  it('rebuilds lines from word positions when OCR gave none', () => {
    const page = ocrPageFromText('Patient: Mr Arthur Pennington\nDOB: 03/11/1951');
    const pageText = buildPageText({ ...page, lines: [] }, 0);
    expect(pageText.lines.map((line) => line.text)).toEqual(['Patient: Mr Arthur Pennington', 'DOB: 03/11/1951']);
  });
});

describe('extraction config', () => {
  it('has defaults that need no settings', () => {
    expect(parseExtractionConfig()).toMatchObject({
      mrnPattern: '[A-Z]{1,3}\\d{6,8}',
      mrnRequireLabel: true,
      nhsNumberOcrCorrections: true,
      nhsNumberMinWordConfidence: 50,
    });
  });

  it('fails with a typed error naming the bad option', () => {
    expect(() => parseExtractionConfig({ referenceDate: '14/03/2025' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
});
