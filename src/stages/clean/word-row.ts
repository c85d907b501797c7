import type { Component } from './components.ts';

/**
 * Whether a few letter-like marks stand in a row as a word does: at least three, each overlapping
 * the next in height and no further than a word space from it. Dust, a smudge or a staple on a
 * blank back side is scattered; "PTO", "Page 3 of 3" or "Signed:" is in a row. Text on a
 * near-blank page must be read, not dropped with the page as blank.
 */

const MIN_LETTERS = 3;
/** Letters of a word, and words of a short line, are closer than this. */
const MAX_GAP_MM = 4;

export function formsWordRow(letters: Component[], dpi: number): boolean {
  if (letters.length < MIN_LETTERS) return false;
  const maxGap = (MAX_GAP_MM * dpi) / 25.4;
  const sorted = [...letters].sort((a, b) => a.x0 - b.x0);
  for (let first = 0; first < sorted.length; first++) {
    let last = sorted[first];
    let count = 1;
    for (let next = first + 1; next < sorted.length; next++) {
      const candidate = sorted[next];
      if (candidate.x0 - last.x1 > maxGap) break;
      const overlap = Math.min(last.y1, candidate.y1) - Math.max(last.y0, candidate.y0);
      if (overlap <= 0) continue;
      last = candidate;
      if (++count >= MIN_LETTERS) return true;
    }
  }
  return false;
}
