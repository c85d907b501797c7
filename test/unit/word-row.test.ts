import { describe, expect, it } from 'vitest';
import type { Component } from '../../src/stages/clean/components.ts';
import { formsWordRow } from '../../src/stages/clean/word-row.ts';

/** Near-blank pages: a few marks in a row are a word to read; the same marks scattered are dust. */

const mark = (x0: number, y0: number, label = x0): Component => ({ label, area: 40, x0, y0, x1: x0 + 6, y1: y0 + 10, touchesEdge: false });

describe('formsWordRow (100 dpi analysis image)', () => {
  it('finds "PTO": three letters side by side', () => {
    expect(formsWordRow([mark(500, 900), mark(508, 900), mark(516, 901)], 100)).toBe(true);
  });

  it('does not find a row in marks scattered over the page, or in two marks', () => {
    expect(formsWordRow([mark(100, 100), mark(600, 300), mark(300, 1000), mark(750, 1100)], 100)).toBe(false);
    expect(formsWordRow([mark(100, 100), mark(110, 100)], 100)).toBe(false);
    // Side by side but stacked at different heights (a column of specks), not a line of text.
    expect(formsWordRow([mark(100, 100), mark(108, 130), mark(116, 160)], 100)).toBe(false);
  });
});
