// Damage that hides text from OCR's layout analysis or from OCR altogether, for the
// textMissing samples (issue 11: no text silently lost). Works on the clean render (black on
// white), finding paragraphs from the ink itself so the damage follows the layout.

import type { Page } from './render.ts';

/** Rows [y0, y1) of one printed paragraph. */
interface Band {
  y0: number;
  y1: number;
}

/** Text lines as runs of inked rows, grouped into paragraphs where the gap exceeds one line's height. */
function paragraphs(page: Page): Band[] {
  const lines: Band[] = [];
  let start = -1;
  for (let y = 0; y < page.height; y++) {
    const row = page.data.subarray(y * page.width, (y + 1) * page.width);
    const inked = row.some((value) => value < 128);
    if (inked && start < 0) start = y;
    if (!inked && start >= 0) {
      if (y - start > 8) lines.push({ y0: start, y1: y });
      start = -1;
    }
  }
  const groups: Band[][] = [];
  for (const line of lines) {
    const last = groups.at(-1);
    if (last && line.y0 - last.at(-1)!.y1 < 0.6 * (line.y1 - line.y0)) last.push(line);
    else groups.push([line]);
  }
  return groups.filter((group) => group.length >= 3).map((group) => ({ y0: group[0].y0, y1: group.at(-1)!.y1 }));
}

/** The paragraph of three or more lines nearest the middle of the page. */
function middleParagraph(page: Page): Band {
  const middle = page.height / 2;
  const found = paragraphs(page).sort((a, b) => Math.abs((a.y0 + a.y1) / 2 - middle) - Math.abs((b.y0 + b.y1) / 2 - middle))[0];
  if (!found) throw new Error('no paragraph of three lines to damage');
  return found;
}

/**
 * Prints the middle paragraph in faint grey (black becomes `ink`), as a pale toner band or a
 * paragraph printed in a light colour: tesseract's page layout analysis (PSM 3) passes over it.
 */
export function fadeParagraph(page: Page, ink: number): Page {
  const band = middleParagraph(page);
  const data = new Uint8Array(page.data);
  for (let i = band.y0 * page.width; i < band.y1 * page.width; i++) data[i] = 255 - ((255 - data[i]) * (255 - ink)) / 255;
  return { ...page, data };
}

/**
 * Adds a block that looks like text but no OCR can read: the middle paragraph mirrored left to
 * right (as if seen through the paper), printed in the empty space below the last line.
 */
export function addMirroredBlock(page: Page, gapPx: number): Page {
  const band = middleParagraph(page);
  let lastInk = 0;
  for (let y = 0; y < page.height; y++) if (page.data.subarray(y * page.width, (y + 1) * page.width).some((value) => value < 128)) lastInk = y;
  const top = lastInk + gapPx;
  if (top + band.y1 - band.y0 > page.height) throw new Error('no room below the text for the mirrored block');
  const data = new Uint8Array(page.data);
  for (let y = band.y0; y < band.y1; y++) {
    const to = (top + y - band.y0) * page.width;
    for (let x = 0; x < page.width; x++) data[to + x] = Math.min(data[to + x], page.data[y * page.width + (page.width - 1 - x)]);
  }
  return { ...page, data };
}
