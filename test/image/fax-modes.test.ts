import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Correction, RawPage } from '../../src/core/types.ts';
import { cleanPage } from '../../src/stages/clean/clean-page.ts';
import { measureDither } from '../../src/stages/clean/dither.ts';
import { detectInputFormat } from '../../src/stages/split/detect-type.ts';
import { readResolution } from '../../src/stages/split/image-resolution.ts';
import { embeddedScanOfPage } from '../../src/stages/split/pdf-page-image.ts';
import { openPages } from '../../src/stages/split/split-pages.ts';
import { SAMPLES_DIR } from '../support/samples.ts';

/** Fax modes: each resolution read across and down, non-square pages resampled, dithered pages smoothed. */

const sample = (name: string): Buffer => readFileSync(path.join(SAMPLES_DIR, name));

async function firstPage(name: string): Promise<RawPage> {
  const data = sample(name);
  const pages = await openPages(data, detectInputFormat(data, name), name, { pdfDpi: 300, maxInputPixels: 100e6 });
  const page = await pages.load(0);
  await pages.close();
  return page;
}

const kinds = (corrections: Correction[]): string[] => corrections.map((correction) => correction.kind);

describe('resolution across and down', () => {
  it.each([
    ['fax-normal-204x98.tif', 204, 98],
    ['fax-fine-204x196.tif', 204, 196],
    ['fax-200x100-metric.tif', 200, 100],
    ['fax-g4-2pages.tif', 200, 200],
  ])('%s is %i x %i dpi, cleaned at the higher', async (name, x, y) => {
    expect(readResolution(sample(name), 'tiff', 0)).toEqual({ x, y });
    const page = await firstPage(name);
    expect(page).toMatchObject({ dpiX: x, dpiY: y, dpi: Math.max(x, y), bilevel: true });
  });

  it('reads PNG pHYs and JPEG JFIF resolutions, and the second page of a TIFF', () => {
    expect(readResolution(sample('clean-letter.png'), 'png', 0)).toEqual({ x: 300, y: 300 });
    expect(readResolution(sample('skewed-7deg.jpg'), 'jpeg', 0)).toEqual({ x: 300, y: 300 });
    expect(readResolution(sample('fax-g4-2pages.tif'), 'tiff', 1)).toEqual({ x: 200, y: 200 });
    expect(readResolution(sample('fax-g4-2pages.tif'), 'tiff', 2)).toBeUndefined();
    expect(readResolution(Buffer.from('II*\0'), 'tiff', 0)).toBeUndefined();
  });

  it('takes a fax-shaped JPEG out of a PDF with its two resolutions (image size against page size)', async () => {
    const squashed = await sharp({ create: { width: 1654, height: 1170, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const document = await PDFDocument.create();
    const image = await document.embedJpg(squashed);
    document.addPage([595.28, 841.89]).drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
    const lifted = embeddedScanOfPage(await PDFDocument.load(await document.save()), 0);
    expect(lifted).toMatchObject({ dpiX: 200, dpiY: 100, dpi: 200, format: 'jpeg' });
  });
});

describe('square pixels', () => {
  it('resamples a normal-mode fax to square pixels before cleaning and says so', async () => {
    const raw = await firstPage('fax-normal-204x98.tif');
    const cleaned = await cleanPage(raw, { jpegQuality: 70 });
    expect(cleaned.corrections).toContainEqual({ kind: 'rescale', fromDpi: { x: 204, y: 98 }, toDpi: 204, method: 'mitchell' });
    expect(cleaned.dpi).toBe(204);
    expect(cleaned.width).toBe(raw.width);
    expect(Math.abs(cleaned.height - (raw.height * 204) / 98)).toBeLessThanOrEqual(1);
    // A4 at 204 dpi: the page has its paper's shape again.
    expect(cleaned.height / cleaned.width).toBeCloseTo(297 / 210, 1);
  });

  it('leaves square pages at their size', async () => {
    const cleaned = await cleanPage(await firstPage('fax-g4-2pages.tif'), { jpegQuality: 70 });
    expect(kinds(cleaned.corrections)).not.toContain('rescale');
    expect([cleaned.width, cleaned.height]).toEqual([1654, 2339]);
  });
});

describe('dithered bilevel pages', () => {
  it('finds the dots of a photo-mode fax and none on plain faxes', async () => {
    const dithered = await firstPage('fax-dithered-grey-letterhead.tif');
    expect(measureDither(new Uint8Array(dithered.pixels), dithered.width, dithered.height).dithered).toBe(true);
    for (const name of ['fax-g4-2pages.tif', 'fax-normal-204x98.tif', 'fax-fine-204x196.tif', 'fax-200x100-metric.tif']) {
      const page = await firstPage(name);
      expect(measureDither(new Uint8Array(page.pixels), page.width, page.height), name).toMatchObject({ ditheredShare: 0, dithered: false });
    }
  });

  it('smooths a dithered page, and only that page', async () => {
    const dithered = await cleanPage(await firstPage('fax-dithered-grey-letterhead.tif'), { jpegQuality: 70 });
    expect(kinds(dithered.corrections)).toContain('smooth-dither');
    const plain = await cleanPage(await firstPage('fax-g4-2pages.tif'), { jpegQuality: 70 });
    expect(kinds(plain.corrections)).not.toContain('smooth-dither');
    const grey = await cleanPage(await firstPage('clean-letter.png'), { jpegQuality: 70 });
    expect(kinds(grey.corrections)).not.toContain('smooth-dither');
    expect(kinds(grey.corrections)).not.toContain('denoise');
  });
});
