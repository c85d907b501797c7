import { type Component, labelComponents } from './components.ts';

/**
 * A fax sent in photo mode, or a bilevel scan of a grey letterhead, shows grey as a fine
 * pattern of dots (error diffusion or an ordered dither). OCR sees those dots as noise around
 * and inside the letters. The tell-tale sign is the checkerboard: a 2 × 2 window whose
 * diagonals disagree (ink, paper / paper, ink) is rare on plain text, where ink comes in
 * strokes, and everywhere in a dithered grey.
 */

/** Tiles of 32 × 32 pixels: a few letters at fax resolution, so text and grey areas are told apart. */
const TILE = 32;
/** A tile is dithered when this share of its 2 × 2 windows are checkerboards (text on a fax: under 0.5 %). */
const DITHERED_TILE = 0.02;
/** A page is dithered when this share of its tiles are (a small grey logo is not worth the smoothing). */
const DITHERED_PAGE = 0.02;

export interface DitherMeasure {
  /** Share of the page's tiles that are dithered. */
  ditheredShare: number;
  dithered: boolean;
}

/** Measures a bilevel (0/255) grey page; ink is below 128. */
export function measureDither(grey: Uint8Array, width: number, height: number): DitherMeasure {
  const tilesAcross = Math.floor((width - 1) / TILE);
  const tilesDown = Math.floor((height - 1) / TILE);
  if (tilesAcross === 0 || tilesDown === 0) return { ditheredShare: 0, dithered: false };
  let ditheredTiles = 0;
  for (let ty = 0; ty < tilesDown; ty++) {
    for (let tx = 0; tx < tilesAcross; tx++) {
      let checkers = 0;
      for (let y = ty * TILE; y < (ty + 1) * TILE; y++) {
        const row = y * width;
        for (let x = tx * TILE; x < (tx + 1) * TILE; x++) {
          const a = grey[row + x] < 128;
          const b = grey[row + x + 1] < 128;
          const c = grey[row + width + x] < 128;
          const d = grey[row + width + x + 1] < 128;
          if (a === d && b === c && a !== b) checkers++;
        }
      }
      if (checkers >= DITHERED_TILE * TILE * TILE) ditheredTiles++;
    }
  }
  const ditheredShare = ditheredTiles / (tilesAcross * tilesDown);
  return { ditheredShare: Math.round(ditheredShare * 1000) / 1000, dithered: ditheredShare >= DITHERED_PAGE };
}

/**
 * Paints out specks of a bilevel page: ink blobs of `maxArea` pixels or fewer with no other ink
 * within `reachX` / `reachY` pixels. That is the line noise of a fax, which after resampling to
 * square pixels grows into marks OCR reads as punctuation; a full stop, comma or i-dot is as
 * small but always sits close to a letter. Returns how many went.
 */
export function removeSpecks(grey: Uint8Array, width: number, height: number, limits: { maxArea: number; reachX: number; reachY: number }): number {
  const ink = new Uint8Array(grey.length);
  for (let i = 0; i < grey.length; i++) ink[i] = grey[i] < 128 ? 1 : 0;
  const { labels, components } = labelComponents({ width, height, data: ink });
  const speck = new Uint8Array(components.length + 1);
  let removed = 0;
  for (const component of components) {
    if (component.area > limits.maxArea || hasNeighbour(labels, width, height, component, limits)) continue;
    speck[component.label] = 1;
    removed++;
  }
  if (removed > 0) for (let i = 0; i < grey.length; i++) if (speck[labels[i]] === 1) grey[i] = 255;
  return removed;
}

function hasNeighbour(labels: Int32Array, width: number, height: number, blob: Component, reach: { reachX: number; reachY: number }): boolean {
  const x0 = Math.max(0, blob.x0 - reach.reachX);
  const x1 = Math.min(width, blob.x1 + reach.reachX);
  const y0 = Math.max(0, blob.y0 - reach.reachY);
  const y1 = Math.min(height, blob.y1 + reach.reachY);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const label = labels[y * width + x];
      if (label !== 0 && label !== blob.label) return true;
    }
  }
  return false;
}
