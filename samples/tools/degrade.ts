// Pixel-level scan damage on greyscale pages (0 = black, 255 = white). Pure functions of
// the page and a seeded Rng, so output is deterministic. Each mimics a real defect seen
// in hospital scanning: paper tone, sensor grain, dust speckle, faded toner, open-lid
// borders, hole punches, dirty-glass streaks.

import type { Rng } from './prng.ts';
import type { Page } from './render.ts';

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/**
 * Map the black-on-white render to ink on paper. `paperAt` lets the paper brightness vary
 * across the page (uneven lamp illumination); ink is a fixed grey (toner density).
 */
export function tone(page: Page, ink: number, paperAt: (x: number, y: number) => number): Page {
  const { width, height, data } = page;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const paper = paperAt(x, y);
      out[i] = clamp(ink + ((paper - ink) * data[i]) / 255);
    }
  }
  return { width, height, data: out };
}

/**
 * Additive gaussian sensor grain. `blockPx` > 1 draws one value per block (coarser grain,
 * like a cheap sensor or photocopy toner), which also keeps noisy PNGs compressible.
 */
export function grain(page: Page, rng: Rng, sigma: number, blockPx = 1): Page {
  const { width, height } = page;
  const out = Uint8Array.from(page.data);
  const cols = Math.ceil(width / blockPx);
  const row = new Float64Array(cols);
  for (let y = 0; y < height; y++) {
    if (y % blockPx === 0) for (let c = 0; c < cols; c++) row[c] = rng.gauss() * sigma;
    for (let x = 0; x < width; x++) out[y * width + x] = clamp(out[y * width + x] + row[(x / blockPx) | 0]);
  }
  return { ...page, data: out };
}

/**
 * Salt-and-pepper speckle: dust and toner flecks. Specks are 1-3 px squares because real
 * specks at 300 dpi are rarely a single pixel; `density` is the fraction of speck sites.
 */
export function speckle(page: Page, rng: Rng, density: number, blackShare: number): Page {
  const { width, height } = page;
  const out = Uint8Array.from(page.data);
  const count = Math.round(width * height * density);
  for (let n = 0; n < count; n++) {
    const x0 = rng.int(0, width - 1);
    const y0 = rng.int(0, height - 1);
    const size = rng.next() < 0.7 ? 1 : rng.int(2, 3);
    const value = rng.next() < blackShare ? rng.int(0, 60) : rng.int(225, 255);
    for (let dy = 0; dy < size && y0 + dy < height; dy++) {
      for (let dx = 0; dx < size && x0 + dx < width; dx++) out[(y0 + dy) * width + x0 + dx] = value;
    }
  }
  return { ...page, data: out };
}

/** Black discs, as when holes punched in the margin show the black lid behind them. */
export function punchHoles(page: Page, centres: Array<[number, number]>, radius: number): Page {
  const { width } = page;
  const out = Uint8Array.from(page.data);
  for (const [cx, cy] of centres) {
    for (let y = Math.floor(cy - radius - 1); y <= cy + radius + 1; y++) {
      for (let x = Math.floor(cx - radius - 1); x <= cx + radius + 1; x++) {
        const d = Math.hypot(x - cx, y - cy) - radius; // < 0 inside, soft 1 px edge
        if (d < 1 && x >= 0 && y >= 0 && x < width && y < page.height) {
          const i = y * width + x;
          out[i] = clamp(d <= 0 ? 12 : out[i] * d + 12 * (1 - d));
        }
      }
    }
  }
  return { ...page, data: out };
}

/** A smooth random profile of `n` values in [lo, hi]: sum of a few low-frequency sines. */
function wobble(rng: Rng, n: number, lo: number, hi: number): number[] {
  const waves = [1, 2, 5].map((f) => ({ f, phase: rng.range(0, Math.PI * 2), amp: rng.range(0.5, 1) / f }));
  const raw = Array.from({ length: n }, (_, i) =>
    waves.reduce((s, w) => s + w.amp * Math.sin((2 * Math.PI * w.f * i) / n + w.phase), 0),
  );
  const min = Math.min(...raw);
  const max = Math.max(...raw);
  return raw.map((v) => lo + ((v - min) / (max - min)) * (hi - lo));
}

/**
 * Dark bands along the top, left and right edges of uneven width, as when a book or a thick
 * bundle keeps the scanner lid from closing and the unlit lid shows black.
 */
export function scannerBorder(page: Page, rng: Rng, minPx: number, maxPx: number): Page {
  const { width, height } = page;
  const out = Uint8Array.from(page.data);
  const top = wobble(rng, width, minPx, maxPx);
  const leftBand = wobble(rng, height, minPx, maxPx);
  const rightBand = wobble(rng, height, minPx * 0.6, maxPx * 0.8);
  const dark = (i: number, depth: number): void => {
    // Darkest at the edge, a short ramp into the paper where the lid shadow fades.
    out[i] = clamp(depth > 6 ? 18 + rng.next() * 14 : out[i] * (1 - depth / 8) + 25 * (depth / 8));
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const depth = Math.max(top[x] - y, leftBand[y] - x, rightBand[y] - (width - 1 - x));
      if (depth > 0) dark(y * width + x, depth);
    }
  }
  return { ...page, data: out };
}

/** A faint vertical streak from dust on the scanner glass or a dirty sensor element. */
export function streak(page: Page, x0: number, widthPx: number, delta: number): Page {
  const out = Uint8Array.from(page.data);
  for (let y = 0; y < page.height; y++) {
    for (let x = x0; x < x0 + widthPx && x < page.width; x++) out[y * page.width + x] = clamp(out[y * page.width + x] - delta);
  }
  return { ...page, data: out };
}

/** A soft grey blob, like a thumbprint or a coffee mark fading out from its centre. */
export function smudge(page: Page, cx: number, cy: number, radius: number, delta: number): Page {
  const out = Uint8Array.from(page.data);
  for (let y = Math.max(0, cy - radius); y < Math.min(page.height, cy + radius); y++) {
    for (let x = Math.max(0, cx - radius); x < Math.min(page.width, cx + radius); x++) {
      const r = Math.hypot(x - cx, y - cy) / radius;
      if (r < 1) out[y * page.width + x] = clamp(out[y * page.width + x] - delta * (1 - r * r));
    }
  }
  return { ...page, data: out };
}

/** Hard threshold to 0/255, as a fax machine does before G4 encoding. */
export function threshold(page: Page, level: number): Page {
  const out = new Uint8Array(page.data.length);
  for (let i = 0; i < out.length; i++) out[i] = page.data[i] < level ? 0 : 255;
  return { ...page, data: out };
}

/**
 * Floyd–Steinberg error diffusion to 0/255, as a fax machine in photo mode sends grey: grey
 * areas become fine checkered dots, solid black stays solid.
 */
export function floydSteinberg(page: Page): Page {
  const { width, height } = page;
  const work = Float32Array.from(page.data);
  const out = new Uint8Array(work.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const value = work[i] < 128 ? 0 : 255;
      const error = work[i] - value;
      out[i] = value;
      if (x + 1 < width) work[i + 1] += (error * 7) / 16;
      if (y + 1 < height) {
        if (x > 0) work[i + width - 1] += (error * 3) / 16;
        work[i + width] += (error * 5) / 16;
        if (x + 1 < width) work[i + width + 1] += error / 16;
      }
    }
  }
  return { ...page, data: out };
}

/** Ink in rows top..bottom printed at grey `ink` instead of black (a grey letterhead or logo). */
export function greyInk(page: Page, top: number, bottom: number, ink: number): Page {
  const out = Uint8Array.from(page.data);
  for (let i = top * page.width; i < Math.min(bottom, page.height) * page.width; i++) out[i] = clamp(ink + ((255 - ink) * out[i]) / 255);
  return { ...page, data: out };
}
