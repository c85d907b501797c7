import { describe, expect, it } from 'vitest';
import { isRuledForm, removeRuledLines } from '../../src/stages/clean/ruled-lines.ts';

/** Rule removal on a drawn page at 300 dpi: lines go, a letter's stroke crossing them stays. */

const WIDTH = 900;
const HEIGHT = 600;

function page(): Uint8Array {
  return new Uint8Array(WIDTH * HEIGHT).fill(255);
}

function fill(grey: Uint8Array, x0: number, y0: number, x1: number, y1: number, value = 0): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) grey[y * WIDTH + x] = value;
}

const at = (grey: Uint8Array, x: number, y: number): number => grey[y * WIDTH + x];

describe('removeRuledLines', () => {
  it('paints out a horizontal and a vertical rule but keeps the stroke that crosses the horizontal one', () => {
    const grey = page();
    fill(grey, 50, 300, 850, 303); // horizontal rule, 3 px, 800 px long
    fill(grey, 600, 50, 603, 550, 120); // vertical rule in chart grey
    fill(grey, 200, 260, 205, 340); // a letter's upright crossing the horizontal rule
    const removed = removeRuledLines(grey, WIDTH, HEIGHT, 300);
    expect(removed).toMatchObject({ horizontal: 1, vertical: 1 });
    expect(at(grey, 100, 301)).toBe(255);
    expect(at(grey, 800, 301)).toBe(255);
    expect(at(grey, 601, 100)).toBe(255);
    // The upright is whole, including where it crosses the rule.
    for (let y = 260; y < 340; y++) expect(at(grey, 202, y), `row ${y}`).toBe(0);
  });

  it('leaves text-like marks, a short underline and a solid bar alone', () => {
    const grey = page();
    for (let letter = 0; letter < 30; letter++) fill(grey, 60 + letter * 25, 100, 60 + letter * 25 + 14, 130); // letters of a word
    fill(grey, 60, 200, 140, 203); // underline shorter than a third of an inch
    fill(grey, 60, 400, 800, 460); // a 5 mm bar is not a rule
    const before = Uint8Array.from(grey);
    expect(removeRuledLines(grey, WIDTH, HEIGHT, 300)).toMatchObject({ horizontal: 0, vertical: 0, pixels: 0 });
    expect(grey).toEqual(before);
  });

  it('bridges the small gaps of a fax-broken rule', () => {
    const grey = page();
    for (let x = 50; x < 850; x += 20) fill(grey, x, 300, x + 18, 303); // dashes with 2 px gaps
    removeRuledLines(grey, WIDTH, HEIGHT, 300);
    for (let x = 50; x < 850; x++) expect(at(grey, x, 301)).toBe(255);
  });

  it('calls a grid of rules a form, and a rule or two under a letterhead not', () => {
    expect(isRuledForm({ horizontal: 12, vertical: 6, pixels: 1 })).toBe(true);
    expect(isRuledForm({ horizontal: 1, vertical: 0, pixels: 1 })).toBe(false);
  });
});
