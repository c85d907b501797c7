import sharp from 'sharp';
import type { Correction, RawPage } from '../../core/types.ts';
import { greyBytes } from './grey-image.ts';
import { applyHomography, homographyFromPoints, type Point } from './homography.ts';
import { flattenFromPaperMap } from './background.ts';
import { findPageQuad } from './page-quad.ts';
import { paperByClosing } from './paper-closing.ts';
import { warpPerspective } from './warp-perspective.ts';

/**
 * A phone photo of a page becomes a flat, upright-rectangular scan: the sheet's four corners
 * are found (page-quad.ts), the perspective is undone and the desk cropped away, at a working
 * resolution of 300 dpi for an A4 sheet, so tesseract sees print at its usual size, and light
 * and shadow are divided out (paper-closing.ts). What comes out is grey and goes through the
 * rest of cleaning like any scan. Photos at 72 dpi with text ~10 px high lost whole paragraphs
 * before this (issue 11).
 */

export const WORKING_DPI = 300;
const A4_WIDTH_PX = Math.round((210 / 25.4) * WORKING_DPI);
const A4_HEIGHT_PX = Math.round((297 / 25.4) * WORKING_DPI);
/** Sheets whose measured aspect is within this of A4's are taken to be A4 (perspective blurs the measure). */
const A4_TOLERANCE = 0.1;
/** The crop keeps this share of the sheet inside each edge, so no sliver of desk survives a corner a pixel off. */
const EDGE_INSET = 0.004;

export interface FlattenedPhoto {
  page: RawPage;
  correction: Extract<Correction, { kind: 'perspective' }>;
}

export async function flattenPagePhoto(page: RawPage): Promise<FlattenedPhoto | undefined> {
  if (page.bilevel) return undefined;
  const grey =
    page.channels === 1
      ? new Uint8Array(page.pixels.buffer, page.pixels.byteOffset, page.pixels.byteLength)
      : await greyBytes(sharp(page.pixels, { raw: { width: page.width, height: page.height, channels: page.channels } }).removeAlpha());
  const quad = await findPageQuad(grey, page.width, page.height);
  if (!quad) return undefined;

  const { width, height } = outputSize(quad.corners);
  const sheet = homographyFromPoints([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 1 }, { x: 0, y: 1 }], quad.corners);
  if (!sheet) return undefined;
  const inset = [
    { x: EDGE_INSET, y: EDGE_INSET },
    { x: 1 - EDGE_INSET, y: EDGE_INSET },
    { x: 1 - EDGE_INSET, y: 1 - EDGE_INSET },
    { x: EDGE_INSET, y: 1 - EDGE_INSET },
  ].map((p) => applyHomography(sheet, p));
  const outputToSource = homographyFromPoints([{ x: 0, y: 0 }, { x: width, y: 0 }, { x: width, y: height }, { x: 0, y: height }], inset);
  if (!outputToSource) return undefined;
  const flat = warpPerspective({ width: page.width, height: page.height, data: grey }, outputToSource, width, height);
  // Even out the light and shadow here, where they are known to be a photo's; the scan path's
  // flattening afterwards then finds even paper and only sets the contrast.
  flattenFromPaperMap(flat.data, width, height, await paperByClosing(flat, WORKING_DPI));
  const round = (p: Point): Point => ({ x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 });
  return {
    page: {
      index: page.index,
      pixels: Buffer.from(flat.data.buffer, flat.data.byteOffset, flat.data.byteLength),
      width,
      height,
      channels: 1,
      dpi: WORKING_DPI,
      dpiX: WORKING_DPI,
      dpiY: WORKING_DPI,
      bilevel: false,
      exifOrientation: page.exifOrientation,
    },
    correction: {
      kind: 'perspective',
      corners: quad.corners.map(round),
      width,
      height,
      dpi: WORKING_DPI,
    },
  };
}

/**
 * The flattened sheet's size: A4 at the working dpi when the measured aspect is near A4's
 * (portrait or landscape as photographed), otherwise the measured aspect with its long side as
 * long as A4's (the sheet's true size is unknown; this keeps print near its usual pixel size).
 */
function outputSize(corners: Point[]): { width: number; height: number } {
  const length = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
  const across = Math.max(length(corners[0], corners[1]), length(corners[3], corners[2]));
  const down = Math.max(length(corners[0], corners[3]), length(corners[1], corners[2]));
  const portrait = down >= across;
  const aspect = portrait ? down / across : across / down;
  const long = A4_HEIGHT_PX;
  const short = Math.abs(aspect / Math.SQRT2 - 1) <= A4_TOLERANCE ? A4_WIDTH_PX : Math.round(long / aspect);
  return portrait ? { width: short, height: long } : { width: long, height: short };
}
