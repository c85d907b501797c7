// A phone photo of a printed page: the sheet lies on a desk, the camera is not square to it
// (a projective warp, top edge further away), the room light falls off across the picture and
// a hand or phone throws a soft shadow band. Issue 11 measured 67-79 % CER on such photos.
// The rendered page is scaled to the photo's size first, then each photo pixel is mapped back
// onto the sheet through the homography; what misses the sheet is desk.

import sharp from 'sharp';
import { applyHomography, homographyFromPoints, type Point } from '../../src/stages/clean/homography.ts';
import type { Rng } from './prng.ts';
import type { Page } from './render.ts';

export interface PhotoLook {
  /** The photo's size in pixels (portrait, 3:4 like a phone camera). */
  width: number;
  height: number;
  /** Share of the photo's height the sheet's vertical extent takes. */
  pageShare: number;
  /** How much narrower the far (top) edge is than the near one, as a share of the sheet's width. */
  keystone: number;
  /** Random corner displacement, as a share of the sheet's width. */
  jitter: number;
  /** Brightness lost from the best-lit to the worst-lit corner (0..1). */
  falloff: number;
  /** A soft shadow band across the picture: how much light it takes (0..1), 0 for none. */
  shadow: number;
  /** Desk brightness (the sheet's paper is ~235 before lighting). */
  desk: number;
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
const smoothstep = (edge0: number, edge1: number, v: number): number => {
  const t = Math.min(1, Math.max(0, (v - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
};

/** The sheet's four corners in the photo (top-left, top-right, bottom-right, bottom-left). */
export function sheetCorners(page: Page, rng: Rng, look: PhotoLook): Point[] {
  const sheetHeight = look.height * look.pageShare;
  const sheetWidth = (sheetHeight * page.width) / page.height;
  const cx = look.width / 2 + rng.range(-0.03, 0.03) * look.width;
  const cy = look.height / 2 + rng.range(-0.02, 0.02) * look.height;
  const inset = (look.keystone * sheetWidth) / 2;
  const base: Point[] = [
    { x: cx - sheetWidth / 2 + inset, y: cy - sheetHeight / 2 },
    { x: cx + sheetWidth / 2 - inset, y: cy - sheetHeight / 2 },
    { x: cx + sheetWidth / 2, y: cy + sheetHeight / 2 },
    { x: cx - sheetWidth / 2, y: cy + sheetHeight / 2 },
  ];
  // A small turn of the phone, then each corner a little off.
  const turn = (rng.range(-3, 3) * Math.PI) / 180;
  return base.map((p) => {
    const dx = p.x - cx;
    const dy = p.y - cy;
    return {
      x: cx + dx * Math.cos(turn) - dy * Math.sin(turn) + rng.range(-1, 1) * look.jitter * sheetWidth,
      y: cy + dx * Math.sin(turn) + dy * Math.cos(turn) + rng.range(-1, 1) * look.jitter * sheetWidth,
    };
  });
}

export async function phonePhoto(page: Page, rng: Rng, look: PhotoLook): Promise<{ photo: Page; corners: Point[] }> {
  const corners = sheetCorners(page, rng, look);
  // Scale the sheet to about the size it has in the photo, so mapping back does not alias.
  const edge = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
  const scale = Math.max(
    Math.max(edge(corners[0], corners[1]), edge(corners[3], corners[2])) / page.width,
    Math.max(edge(corners[0], corners[3]), edge(corners[1], corners[2])) / page.height,
  );
  const sw = Math.round(page.width * scale);
  const sh = Math.round(page.height * scale);
  const { data: sheet } = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .resize(sw, sh, { fit: 'fill', kernel: 'lanczos3' })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const toSheet = homographyFromPoints(corners, [{ x: 0, y: 0 }, { x: sw, y: 0 }, { x: sw, y: sh }, { x: 0, y: sh }]);
  if (!toSheet) throw new Error('degenerate sheet corners');

  const { width, height } = look;
  // Desk: wood-like streaks along x, slow waves, per-pixel grain.
  const phases = [rng.range(0, 6.3), rng.range(0, 6.3), rng.range(0, 6.3)];
  // Light: brightest at one random corner, falling off linearly towards the opposite one.
  const lx = rng.range(0.2, 1) * (rng.next() < 0.5 ? 1 : -1);
  const ly = rng.range(0.2, 1) * (rng.next() < 0.5 ? 1 : -1);
  const span = Math.abs(lx) + Math.abs(ly);
  // Shadow band: between two parallel lines at a random angle, soft edges.
  const angle = rng.range(0, Math.PI);
  const [ca, sa] = [Math.cos(angle), Math.sin(angle)];
  const bandCentre = rng.range(0.3, 0.7) * (Math.abs(ca) * width + Math.abs(sa) * height);
  const bandHalf = rng.range(0.08, 0.14) * height;
  const soft = rng.range(0.03, 0.06) * height;
  const offset = Math.min(0, ca * width) + Math.min(0, sa * height);

  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = applyHomography(toSheet, { x: x + 0.5, y: y + 0.5 });
      let value: number;
      const sx = p.x - 0.5;
      const sy = p.y - 0.5;
      if (sx >= 0 && sy >= 0 && sx < sw - 1 && sy < sh - 1) {
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        const i = y0 * sw + x0;
        const top = sheet[i] + (sheet[i + 1] - sheet[i]) * fx;
        const bottom = sheet[i + sw] + (sheet[i + sw + 1] - sheet[i + sw]) * fx;
        const ink = top + (bottom - top) * fy; // 0 ink .. 255 paper
        value = 30 + ((235 - 30) * ink) / 255;
      } else {
        value =
          look.desk +
          10 * Math.sin(y * 0.021 + 4 * Math.sin(x * 0.0017 + phases[0])) +
          6 * Math.sin(x * 0.004 + phases[1]) * Math.sin(y * 0.003 + phases[2]) +
          rng.gauss() * 4;
      }
      const light = 1 - look.falloff * ((lx > 0 ? x / width : 1 - x / width) * Math.abs(lx) + (ly > 0 ? y / height : 1 - y / height) * Math.abs(ly)) / span;
      const d = x * ca + y * sa - offset - bandCentre;
      const shade = 1 - look.shadow * smoothstep(-bandHalf - soft, -bandHalf + soft, d) * (1 - smoothstep(bandHalf - soft, bandHalf + soft, d));
      out[y * width + x] = clamp(value * light * shade);
    }
  }
  return { photo: { width, height, data: out }, corners };
}
