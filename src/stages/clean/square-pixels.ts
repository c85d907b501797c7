import sharp from 'sharp';
import type { Correction, RawPage } from '../../core/types.ts';

/**
 * A fax in normal mode is 204 dpi across but 98 dpi down (fine mode 204 × 196, some machines
 * 200 × 100): every letter is stored at half its height. Everything after this (analysis,
 * deskew, OCR) assumes square pixels, so the page is resampled to square ones at the higher
 * resolution first. Mitchell interpolation turns the doubled rows into smooth grey edges rather
 * than stair steps; the display image of a bilevel page is re-thresholded when it is packed.
 */

/** Resolutions within 2 % of each other are square enough (203 × 204 dpi is rounding, not a fax). */
const SQUARE_ENOUGH = 0.02;

export async function squarePixels(page: RawPage): Promise<{ page: RawPage; correction?: Correction }> {
  const { dpiX, dpiY } = page;
  if (Math.abs(dpiX / dpiY - 1) <= SQUARE_ENOUGH) return { page };
  const dpi = Math.max(dpiX, dpiY);
  const width = Math.round((page.width * dpi) / dpiX);
  const height = Math.round((page.height * dpi) / dpiY);
  let image = sharp(page.pixels, { raw: { width: page.width, height: page.height, channels: page.channels } }).resize(width, height, {
    fit: 'fill',
    kernel: 'mitchell',
  });
  // sharp turns one-band raw input into sRGB unless told to stay grey.
  if (page.channels === 1) image = image.greyscale();
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return {
    page: { ...page, pixels: data, width: info.width, height: info.height, channels: info.channels as RawPage['channels'], dpi, dpiX: dpi, dpiY: dpi },
    correction: { kind: 'rescale', fromDpi: { x: dpiX, y: dpiY }, toDpi: dpi, method: 'mitchell' },
  };
}
