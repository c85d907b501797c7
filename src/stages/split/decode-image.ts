import sharp from 'sharp';
import { RectoError } from '../../core/errors.ts';
import type { InputFormat, RawPage } from '../../core/types.ts';
import { hasColour as thumbnailHasColour } from '../clean/colourfulness.ts';
import { readResolution, type Resolution } from './image-resolution.ts';

/** Decodes one page of an image file (or a JPEG lifted out of a PDF) to raw pixels with sharp. */

export interface DecodeOptions {
  maxInputPixels: number;
  /** Resolution known from elsewhere (the PDF page size), overriding the image's own. */
  resolution?: Resolution;
  /** Clockwise quarter turns to apply after decoding (a PDF page's /Rotate). */
  rotate?: number;
}

/** Scanners that omit or fake the resolution (72 dpi) are common; guess from the paper size instead. */
function plausibleDpi(density: number | undefined, width: number, height: number): number {
  if (density && density >= 100 && density <= 1200) return Math.round(density);
  const longSideInches = 11.69; // A4, the paper of nearly every NHS record
  const estimate = Math.max(width, height) / longSideInches;
  return Math.min(600, Math.max(100, Math.round(estimate / 10) * 10));
}

/** Fax modes differ by 2:1 at most; a wilder ratio is a broken header, not a page. */
const MAX_ASPECT = 4;

/**
 * The page's resolution across and down as stored, before any turn. `dpi` is the higher of the
 * two: the square resolution the clean stage resamples a non-square page to.
 */
function pageResolution(declared: Resolution | undefined, density: number | undefined, width: number, height: number) {
  const dpi = plausibleDpi(declared ? Math.max(declared.x, declared.y) : density, width, height);
  if (!declared || Math.max(declared.x, declared.y) !== dpi) return { dpi, dpiX: dpi, dpiY: dpi };
  const ratio = Math.max(declared.x, declared.y) / Math.min(declared.x, declared.y);
  return ratio > MAX_ASPECT ? { dpi, dpiX: dpi, dpiY: dpi } : { dpi, dpiX: declared.x, dpiY: declared.y };
}

export function classifySharpError(error: unknown, fileName: string, format: InputFormat): RectoError {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return new RectoError('IMAGE_TOO_LARGE', `${fileName}: the image has more pixels than any page scan should`, {
      cause: error,
    });
  }
  return new RectoError('CORRUPT_IMAGE', `${fileName}: the ${format.toUpperCase()} image cannot be decoded (${message})`, {
    cause: error,
  });
}

export async function decodeImagePage(
  data: Buffer,
  index: number,
  fileName: string,
  format: InputFormat,
  options: DecodeOptions,
): Promise<RawPage> {
  try {
    const open = () => sharp(data, { page: index, limitInputPixels: options.maxInputPixels, failOn: 'truncated' });
    const metadata = await open().metadata();
    const bilevel = metadata.bitsPerSample === 1 || (metadata.format === 'tiff' && isCcitt(metadata.compression));
    const colour = !bilevel && (metadata.channels ?? 1) >= 3 && (await hasColour(open()));
    // autoOrient applies the EXIF orientation tag, which cameras and some scanners set instead of rotating.
    let decoder = open().autoOrient();
    if (options.rotate) decoder = decoder.rotate(options.rotate);
    if (metadata.hasAlpha) decoder = decoder.flatten({ background: '#ffffff' });
    const { data: pixels, info } = await (colour ? decoder.toColourspace('srgb') : decoder.greyscale())
      .raw()
      .toBuffer({ resolveWithObject: true });
    const stored = pageResolution(options.resolution ?? readResolution(data, format, index), metadata.density, info.width, info.height);
    // A quarter turn (EXIF 5–8, or the PDF's /Rotate) swaps what runs across and what runs down.
    const turned = ((metadata.orientation ?? 1) >= 5) !== ((options.rotate ?? 0) % 180 === 90);
    return {
      index,
      pixels,
      width: info.width,
      height: info.height,
      channels: info.channels as 1 | 3,
      dpi: stored.dpi,
      dpiX: turned ? stored.dpiY : stored.dpiX,
      dpiY: turned ? stored.dpiX : stored.dpiY,
      bilevel,
      exifOrientation: metadata.orientation && metadata.orientation > 1 ? metadata.orientation : undefined,
    };
  } catch (error) {
    throw classifySharpError(error, fileName, format);
  }
}

function isCcitt(compression: string | undefined): boolean {
  return compression === 'ccittfax4' || compression === 'ccittfax3' || compression === 'ccitt';
}

/**
 * A colour (or palette) scan of black-on-white paper is still grey; decoding it as grey takes a
 * third of the memory. Judge from a thumbnail: keep colour only where there is some.
 */
async function hasColour(image: ReturnType<typeof sharp>): Promise<boolean> {
  const { data, info } = await image.resize(128, 128, { fit: 'fill' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return thumbnailHasColour(data, info.channels);
}
