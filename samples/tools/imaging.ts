// sharp-based geometry and file encoders for greyscale pages. Geometry lives here (not in
// degrade.ts) because rotation and blur need libvips' interpolation; encoders embed the
// scan resolution so the pipeline can read a true dpi from every file.

import { writeFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { PDFDocument } from 'pdf-lib';
import type { Page } from './render.ts';

const raw = (p: Page) => ({ raw: { width: p.width, height: p.height, channels: 1 as const } });

async function fromSharp(img: Sharp): Promise<Page> {
  const { data, info } = await img.extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Gaussian blur: an out-of-focus or badly pressed page. */
export async function blur(page: Page, sigma: number): Promise<Page> {
  return fromSharp(sharp(page.data, raw(page)).blur(sigma));
}

/**
 * Rotate clockwise by `degrees` (sharp's convention). For skew, `keepSize` crops the
 * enlarged canvas back to the original size around its centre: the scanner glass does not
 * grow when the sheet lies crooked on it, and `fill` is the white lid showing at the corners.
 */
export async function rotate(page: Page, degrees: number, fill = 255, keepSize = false): Promise<Page> {
  const turned = await fromSharp(
    sharp(page.data, raw(page)).rotate(degrees, { background: { r: fill, g: fill, b: fill } }),
  );
  if (!keepSize) return turned;
  const left = Math.round((turned.width - page.width) / 2);
  const top = Math.round((turned.height - page.height) / 2);
  return fromSharp(sharp(turned.data, raw(turned)).extract({ left, top, width: page.width, height: page.height }));
}

/** Downsample to a lower scan resolution (used for the 200 dpi fax). */
export async function resize(page: Page, width: number, height: number): Promise<Page> {
  return fromSharp(sharp(page.data, raw(page)).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }));
}

/**
 * Single-channel greyscale PNG. Grey values are first snapped to `levels` evenly spaced
 * steps: scanner grain is incompressible, and 16 levels (8 for the noisy sample) keep each
 * file well under 1.5 MB while looking the same at reading distance.
 */
export async function writePng(page: Page, file: string, dpi: number, levels = 16): Promise<void> {
  const step = 255 / (levels - 1);
  const data = page.data.map((v) => Math.round(Math.round(v / step) * step));
  await sharp(data, raw(page))
    .withDensity(dpi)
    .toColourspace('b-w')
    .png({ compressionLevel: 9, adaptiveFiltering: false })
    .toFile(file);
}

export async function jpegBuffer(page: Page, dpi: number, quality: number): Promise<Buffer> {
  return sharp(page.data, raw(page))
    .withDensity(dpi)
    .toColourspace('b-w') // keep one channel; without this sharp writes sRGB
    .jpeg({ quality, chromaSubsampling: '4:4:4', mozjpeg: false })
    .toBuffer();
}

export async function writeJpeg(page: Page, file: string, dpi: number, quality: number): Promise<void> {
  await writeFile(file, await jpegBuffer(page, dpi, quality));
}

/**
 * Multi-page bilevel TIFF, CCITT Group 4, as fax servers store received faxes. sharp writes
 * one IFD per page when given a vertically stacked image with `pageHeight`. Fax modes have
 * their own vertical resolution (normal 98 dpi, fine 196 dpi against 204 across): `dpiY`.
 */
export async function writeFaxTiff(pages: Page[], file: string, dpi: number, dpiY = dpi, unit: 'inch' | 'cm' = 'inch'): Promise<void> {
  const { width, height } = pages[0];
  if (pages.some((p) => p.width !== width || p.height !== height)) throw new Error('fax pages differ in size');
  const stacked = Buffer.concat(pages.map((p) => Buffer.from(p.data)));
  await sharp(stacked, { raw: { width, height: height * pages.length, channels: 1, pageHeight: height } })
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1, miniswhite: true, xres: dpi / 25.4, yres: dpiY / 25.4, resolutionUnit: unit })
    .toFile(file);
}

/**
 * Image-only PDF: each page one greyscale JPEG filling an A4 page, no text layer, the way
 * a basic multifunction printer "scan to PDF" produces it.
 */
export async function writeImagePdf(pages: Page[], file: string, dpi: number, quality: number): Promise<void> {
  const pdf = await PDFDocument.create();
  // Fixed dates keep the output byte-identical across runs.
  const when = new Date(Date.UTC(2025, 0, 1));
  pdf.setCreationDate(when);
  pdf.setModificationDate(when);
  pdf.setProducer('Recto sample generator');
  pdf.setCreator('Recto sample generator');
  for (const page of pages) {
    const jpg = await pdf.embedJpg(await jpegBuffer(page, dpi, quality));
    // A4 in points; the 2480x3508 px image fills it, i.e. 300 dpi.
    const [w, h] = [595.28, 841.89];
    pdf.addPage([w, h]).drawImage(jpg, { x: 0, y: 0, width: w, height: h });
  }
  await writeFile(file, await pdf.save({ useObjectStreams: false }));
}
