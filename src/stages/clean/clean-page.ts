import sharp from 'sharp';
import type { CleanedPage, Correction, RawPage } from '../../core/types.ts';
import { analysePage, type PageAnalysis } from './analyse-page.ts';
import { contrastStretch, flattenFromPaperMap } from './background.ts';
import { encodeOcrImage } from '../../core/ocr-image.ts';
import { asBuffer, greyBytes } from './grey-image.ts';
import { isolatedDarkPixelsPerMegapixel } from './noise.ts';
import { paintBoxesWhite, paintMaskWhite } from './paint.ts';
import { hasColour } from './colourfulness.ts';
import { despeckleInPlace } from './despeckle.ts';
import { packBilevel } from './pack-bilevel.ts';
import { flattenPagePhoto } from './page-photo.ts';
import { findTextLines } from './text-lines.ts';
import { prepareFaxPage } from './prepare-fax.ts';
import { isRuledForm, removeRuledLines } from './ruled-lines.ts';

/**
 * The clean stage: makes a page upright, straight, evenly lit and free of scanner marks,
 * producing the image kept in the PDF and the image given to OCR (same geometry, so word
 * boxes found by OCR land on the kept image). Every change is recorded as a Correction.
 */

export interface OrientationOpinion {
  degrees: 0 | 90 | 180 | 270;
  confidence: number;
}

export interface CleanOptions {
  /** A second opinion on orientation (the OCR engine's OSD) for pages the ascender test finds unclear. */
  detectOrientation?: (image: Buffer) => Promise<OrientationOpinion | undefined>;
  jpegQuality: number;
}

/** Lone dark pixels per megapixel above which a page counts as speckled (clean scans: < 100). */
const SPECKLE_LIMIT = 1500;
/**
 * Skew smaller than this is left alone: it is within the 0.5° a page must be straightened to,
 * OCR reads it unharmed, and resampling a whole page costs more than it gains.
 */
const NEGLIGIBLE_SKEW = 0.3;
const EXIF_ROTATION: Record<number, number> = { 3: 180, 5: 90, 6: 90, 7: 270, 8: 270 };

export async function cleanPage(source: RawPage, options: CleanOptions): Promise<CleanedPage> {
  const corrections: Correction[] = [];
  if (source.exifOrientation) {
    corrections.push({ kind: 'exif-orientation', degrees: EXIF_ROTATION[source.exifOrientation] ?? 0 });
  }
  // A photo of a sheet is first made a flat scan of it; everything below then treats it as one.
  const photo = await flattenPagePhoto(source);
  if (photo) corrections.push(photo.correction);
  // A fax's non-square pixels are made square, its specks and dither smoothed.
  const prepared = await prepareFaxPage(photo?.page ?? source);
  const page = prepared.page;
  corrections.push(...prepared.corrections);
  const { width, height } = page;
  let grey = await greyPixels(page);
  const colour = page.channels >= 3 && hasColour(page.pixels, page.channels) ? new Uint8Array(page.pixels) : undefined;
  const analysis = await analysePage(grey, width, height, page.dpi);

  for (const target of colour ? [grey, colour] : [grey]) {
    const channels = target === grey ? 1 : page.channels;
    if (analysis.borderMask) {
      const mask = analysis.borderMask;
      paintMaskWhite(target, width, height, channels, mask.data, mask.width, mask.height);
    }
    paintBoxesWhite(target, width, height, channels, analysis.punchHoles);
  }
  if (analysis.borderMask) {
    const toFull = (value: number): number => Math.round(value / analysis.scale);
    const sides = analysis.borderSides;
    corrections.push({
      kind: 'remove-border',
      sides: { top: toFull(sides.top), right: toFull(sides.right), bottom: toFull(sides.bottom), left: toFull(sides.left) },
    });
  }
  if (analysis.punchHoles.length > 0) {
    corrections.push({ kind: 'remove-punch-holes', count: analysis.punchHoles.length, boxes: analysis.punchHoles });
  }

  // The stretch is read off the small flattened copy; on a blank page it would only amplify grain.
  const stretch = analysis.blank ? undefined : contrastStretch(analysis.flattenedHistogram);
  flattenFromPaperMap(grey, width, height, analysis.paper, stretch?.table);
  if (stretch) corrections.push({ kind: 'normalise-contrast', lowLevel: stretch.low, highLevel: stretch.high });
  const speckle = isolatedDarkPixelsPerMegapixel(grey, width, height, 160);
  if (!analysis.blank && !prepared.smoothed && speckle > SPECKLE_LIMIT) {
    const filtered = await medianFilter(grey, width, height);
    const removed = despeckleInPlace(filtered, width, height, page.dpi);
    grey = filtered;
    corrections.push({ kind: 'denoise', method: `median 3x3 + speck removal (${Math.round(speckle)} lone specks/Mpx)`, specklesRemoved: removed });
  }

  const rotation = await decideRotation(analysis, options, corrections);
  const ocrGrey = await straighten(asBuffer(grey), width, height, 1, rotation);
  const display = await displayImage(page, ocrGrey, colour, rotation, options.jpegQuality);
  // After the display image is made: the kept page keeps its rules, only OCR is spared them.
  const rules = analysis.blank ? undefined : removeRuledLines(ocrGrey.data, ocrGrey.width, ocrGrey.height, page.dpi);
  if (rules && rules.horizontal + rules.vertical > 0) corrections.push({ kind: 'remove-rules', ...rules });
  return {
    index: page.index,
    width: ocrGrey.width,
    height: ocrGrey.height,
    dpi: page.dpi,
    bilevel: page.bilevel,
    displayImage: display,
    displayFormat: page.bilevel ? 'bilevel' : 'jpeg',
    // Blank pages are not read, so they need no OCR image.
    ocrImage: analysis.blank ? Buffer.alloc(0) : encodeOcrImage(ocrGrey),
    // Where the OCR image has text-like ink, so the OCR stage can tell if it read all of it.
    textLines: analysis.blank ? [] : findTextLines(ocrGrey.data, ocrGrey.width, ocrGrey.height, page.dpi),
    corrections,
    blank: analysis.blank,
    inkRatio: Math.round(analysis.inkRatio * 10_000) / 10_000,
    ...(rules && isRuledForm(rules) ? { ocrLayout: 'block' as const } : {}),
  };
}

function medianFilter(grey: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  return greyBytes(sharp(asBuffer(grey), { raw: { width, height, channels: 1 } }).median(3));
}

async function greyPixels(page: RawPage): Promise<Uint8Array> {
  if (page.channels === 1) return new Uint8Array(page.pixels);
  return greyBytes(sharp(page.pixels, { raw: { width: page.width, height: page.height, channels: page.channels } }).removeAlpha());
}

/** Total clockwise rotation in degrees (quarter turns plus deskew), recording what was decided. */
async function decideRotation(analysis: PageAnalysis, options: CleanOptions, corrections: Correction[]): Promise<number> {
  const estimate = analysis.orientation;
  if (!estimate) return 0;
  let quarterTurns: number = estimate.rotation;
  let method = `line profile (ascender ratio ${estimate.ascenderRatio} over ${estimate.linesMeasured} lines)`;
  let confidence = Math.min(1, Math.abs(Math.log(estimate.ascenderRatio)) / Math.log(4));
  if (!estimate.confident) {
    // Unsure and no second opinion: leave the page as scanned (most are upright) and say so.
    quarterTurns = 0;
    method = `uncertain: ${method}`;
  }
  if (!estimate.confident && options.detectOrientation) {
    const flat = analysis.flattened;
    const png = await sharp(asBuffer(flat.data), { raw: { width: flat.width, height: flat.height, channels: 1 } })
      .greyscale()
      .withDensity(Math.round(analysis.analysisDpi))
      .png()
      .toBuffer();
    const opinion = await options.detectOrientation(png);
    if (opinion) {
      quarterTurns = opinion.degrees;
      method = 'tesseract OSD';
      confidence = opinion.confidence;
    }
  }
  if (quarterTurns !== 0) {
    corrections.push({
      kind: 'rotate',
      degrees: quarterTurns as 90 | 180 | 270,
      confidence: Math.round(confidence * 100) / 100,
      method,
    });
  }
  // Lines sloping clockwise by `skew` are straightened by turning the page back anticlockwise.
  const deskew = Math.abs(estimate.skew) >= NEGLIGIBLE_SKEW ? -estimate.skew : 0;
  if (deskew !== 0) corrections.push({ kind: 'deskew', degrees: Math.round(deskew * 100) / 100, method: 'projection profile' });
  return quarterTurns + deskew;
}

interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Rotates by `degrees` clockwise about the centre, filling with white and keeping the page's size. */
async function straighten(
  pixels: Buffer,
  width: number,
  height: number,
  channels: number,
  degrees: number,
): Promise<RawImage> {
  if (degrees === 0) return { data: pixels, width, height };
  const quarter = ((Math.round(degrees / 90) % 4) + 4) % 4;
  const [targetWidth, targetHeight] = quarter % 2 === 1 ? [height, width] : [width, height];
  let image = sharp(pixels, { raw: { width, height, channels: channels as 1 | 3 | 4 } });
  image = image.rotate(degrees, { background: { r: 255, g: 255, b: 255, alpha: 1 } });
  // sharp 0.35 turns one-band raw input into sRGB unless told to stay grey.
  if (channels === 1) image = image.greyscale();
  const rotated = await image.raw().toBuffer({ resolveWithObject: true });
  if (rotated.info.width === targetWidth && rotated.info.height === targetHeight) {
    return { data: rotated.data, width: targetWidth, height: targetHeight };
  }
  const left = Math.max(0, Math.floor((rotated.info.width - targetWidth) / 2));
  const top = Math.max(0, Math.floor((rotated.info.height - targetHeight) / 2));
  const { data } = await sharp(rotated.data, {
    raw: { width: rotated.info.width, height: rotated.info.height, channels: rotated.info.channels },
  })
    .extract({ left, top, width: Math.min(targetWidth, rotated.info.width), height: Math.min(targetHeight, rotated.info.height) })
    .greyscale(channels === 1)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: Math.min(targetWidth, rotated.info.width), height: Math.min(targetHeight, rotated.info.height) };
}

/** The image kept in the PDF: bilevel stays bilevel (tiny), colour stays colour, grey is JPEG. */
async function displayImage(
  page: RawPage,
  ocrGrey: RawImage,
  colour: Uint8Array | undefined,
  rotation: number,
  quality: number,
): Promise<Buffer> {
  if (page.bilevel) return packBilevel(ocrGrey.data, ocrGrey.width, ocrGrey.height);
  if (colour) {
    const straight = await straighten(asBuffer(colour), page.width, page.height, page.channels, rotation);
    return sharp(straight.data, { raw: { width: straight.width, height: straight.height, channels: page.channels } })
      .removeAlpha()
      .jpeg({ quality, optimiseCoding: true })
      .toBuffer();
  }
  return sharp(ocrGrey.data, { raw: { width: ocrGrey.width, height: ocrGrey.height, channels: 1 } })
    .greyscale()
    .jpeg({ quality, optimiseCoding: true })
    .toBuffer();
}
