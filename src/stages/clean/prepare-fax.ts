import sharp from 'sharp';
import type { Correction, RawPage } from '../../core/types.ts';
import { measureDither, removeSpecks } from './dither.ts';
import { squarePixels } from './square-pixels.ts';

/**
 * What a page needs before cleaning proper because of how it was sent or stored: square pixels
 * (fax modes), and for bilevel pages either lone line-noise pixels removed or, on a dithered
 * (photo-mode) page, the dots smoothed back into grey so OCR sees letters rather than dot
 * patterns. Measured on the page as stored, where the dots are still crisp.
 */

export interface PreparedPage {
  page: RawPage;
  corrections: Correction[];
  /** The page was smoothed from dots to grey: speckle filters must leave it alone. */
  smoothed: boolean;
}

/** A blob up to this size (a few 10 pt full stops) with nothing near it is line noise. */
const SPECK_MM2 = 0.5;
/** How far from any other ink a speck is: farther than a full stop or an i-dot ever sits from its letter. */
const SPECK_CLEARANCE_MM = 0.8;
/**
 * Blur per dpi. At 200 dpi a sigma of 1 px left the sparse dots of dithered off-white paper as a
 * texture OCR read as text (CER 100 %); 1.5–2 px averaged them into even grey (0.7 %); 3 px blurred
 * the letters (14 %). The middle of the good range:
 */
const SMOOTHING_SIGMA_PER_DPI = 1.75 / 200;

export async function prepareFaxPage(source: RawPage): Promise<PreparedPage> {
  const corrections: Correction[] = [];
  let page = source;
  let smoothed = false;
  if (page.bilevel && page.channels === 1) {
    const pixels = new Uint8Array(page.pixels);
    const dither = measureDither(pixels, page.width, page.height);
    if (dither.dithered) {
      smoothed = true;
    } else {
      const mm = { x: page.dpiX / 25.4, y: page.dpiY / 25.4 };
      const removed = removeSpecks(pixels, page.width, page.height, {
        maxArea: Math.ceil(SPECK_MM2 * mm.x * mm.y),
        reachX: Math.ceil(SPECK_CLEARANCE_MM * mm.x),
        reachY: Math.ceil(SPECK_CLEARANCE_MM * mm.y),
      });
      if (removed > 0) corrections.push({ kind: 'denoise', method: 'isolated specks on a bilevel page', specklesRemoved: removed });
      page = { ...page, pixels: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) };
    }
    const squared = await squarePixels(page);
    page = squared.page;
    if (squared.correction) corrections.push(squared.correction);
    if (smoothed) {
      const sigma = Math.max(1, page.dpi * SMOOTHING_SIGMA_PER_DPI);
      const { data } = await sharp(page.pixels, { raw: { width: page.width, height: page.height, channels: 1 } })
        .blur(sigma)
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      page = { ...page, pixels: data };
      corrections.push({ kind: 'smooth-dither', ditheredShare: dither.ditheredShare, method: `gaussian blur sigma ${sigma.toFixed(1)} px` });
    }
    return { page, corrections, smoothed };
  }
  const squared = await squarePixels(page);
  return { page: squared.page, corrections: squared.correction ? [squared.correction] : [], smoothed };
}
