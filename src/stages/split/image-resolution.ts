import type { InputFormat } from '../../core/types.ts';

/**
 * The horizontal and vertical resolution an image file declares, read from its own header:
 * TIFF XResolution/YResolution/ResolutionUnit (of the page asked for), PNG pHYs, JPEG EXIF or JFIF.
 * sharp reports one `density` only, but a fax in normal mode is 204 × 98 dpi: read as square
 * pixels its letters are squashed to half their height and OCR reads next to nothing.
 * Anything missing, odd or unreadable → undefined (the caller falls back to sharp's density).
 */

export interface Resolution {
  x: number;
  y: number;
}

const INCH_PER_CM = 2.54;

export function readResolution(data: Buffer, format: InputFormat, pageIndex: number): Resolution | undefined {
  try {
    if (format === 'tiff') return tiffResolution(data, pageIndex);
    if (format === 'png') return pngResolution(data);
    if (format === 'jpeg') return jfifResolution(data);
  } catch {
    // A header too short or inconsistent to read: no resolution, rather than no page.
  }
  return undefined;
}

const TAG_X_RESOLUTION = 282;
const TAG_Y_RESOLUTION = 283;
const TAG_RESOLUTION_UNIT = 296;
const TIFF_SHORT = 3;
const TIFF_RATIONAL = 5;
/** A page-count bomb is refused elsewhere; this only keeps a looping IFD chain finite. */
const MAX_IFDS = 10_000;

function tiffResolution(data: Buffer, pageIndex: number): Resolution | undefined {
  const little = data.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number): number => (little ? data.readUInt16LE(at) : data.readUInt16BE(at));
  const u32 = (at: number): number => (little ? data.readUInt32LE(at) : data.readUInt32BE(at));
  let ifd = u32(4);
  for (let page = 0; page < pageIndex; page++) {
    if (ifd === 0 || page >= MAX_IFDS) return undefined;
    ifd = u32(ifd + 2 + u16(ifd) * 12);
  }
  if (ifd === 0) return undefined;
  let x: number | undefined;
  let y: number | undefined;
  let unit = 2; // TIFF's default ResolutionUnit is the inch
  const entries = u16(ifd);
  for (let i = 0; i < entries; i++) {
    const at = ifd + 2 + i * 12;
    const tag = u16(at);
    const type = u16(at + 2);
    if ((tag === TAG_X_RESOLUTION || tag === TAG_Y_RESOLUTION) && type === TIFF_RATIONAL) {
      const valueAt = u32(at + 8);
      const denominator = u32(valueAt + 4);
      const value = denominator === 0 ? undefined : u32(valueAt) / denominator;
      if (tag === TAG_X_RESOLUTION) x = value;
      else y = value;
    } else if (tag === TAG_RESOLUTION_UNIT && type === TIFF_SHORT) {
      unit = u16(at + 8);
    }
  }
  if (unit === 1) return undefined; // "no absolute unit": an aspect ratio, not a resolution
  return perInch(x, y ?? x, unit === 3 ? INCH_PER_CM : 1);
}

function pngResolution(data: Buffer): Resolution | undefined {
  let at = 8;
  while (at + 8 <= data.length) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    if (type === 'pHYs') {
      const unitIsMetre = data[at + 16] === 1;
      if (!unitIsMetre) return undefined; // aspect ratio only
      return perInch(data.readUInt32BE(at + 8), data.readUInt32BE(at + 12), 0.0254);
    }
    if (type === 'IDAT' || type === 'IEND') return undefined; // pHYs must come before the pixels
    at += 12 + length;
  }
  return undefined;
}

function jfifResolution(data: Buffer): Resolution | undefined {
  // An EXIF APP1 right after SOI holds a TIFF header whose first IFD has the resolution tags.
  if (data.readUInt16BE(2) === 0xffe1 && data.toString('latin1', 6, 12) === 'Exif\0\0') return tiffResolution(data.subarray(12), 0);
  // APP0 "JFIF\0" right after SOI: units (1 = per inch, 2 = per cm), Xdensity, Ydensity.
  if (data.readUInt16BE(2) !== 0xffe0 || data.toString('latin1', 6, 11) !== 'JFIF\0') return undefined;
  const unit = data[13];
  if (unit !== 1 && unit !== 2) return undefined;
  return perInch(data.readUInt16BE(14), data.readUInt16BE(16), unit === 2 ? INCH_PER_CM : 1);
}

function perInch(x: number | undefined, y: number | undefined, inchesPerUnit: number): Resolution | undefined {
  if (!x || !y || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
  // Whole dpi: 200 dpi stored as 7874 px/m must come back as 200, not 199.99.
  return { x: Math.round(x * inchesPerUnit), y: Math.round(y * inchesPerUnit) };
}
