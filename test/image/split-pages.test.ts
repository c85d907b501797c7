import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openPages } from '../../src/stages/split/split-pages.ts';
import { embeddedScanOfPage } from '../../src/stages/split/pdf-page-image.ts';
import { SAMPLES_DIR } from '../support/samples.ts';

const options = { pdfDpi: 300, maxInputPixels: 100e6 };
const sample = (name: string): Buffer => readFileSync(path.join(SAMPLES_DIR, name));

describe('openPages', () => {
  it('splits a multi-page CCITT G4 fax TIFF into bilevel pages at its own resolution', async () => {
    const pages = await openPages(sample('fax-g4-2pages.tif'), 'tiff', 'fax.tif', options);
    expect(pages.count).toBe(2);
    for (const index of [0, 1]) {
      const page = await pages.load(index);
      expect(page).toMatchObject({ index, bilevel: true, dpi: 200, channels: 1, width: 1654, height: 2339 });
    }
  });

  it('takes the JPEG straight out of a scanner PDF, at the resolution the page size implies', async () => {
    const data = sample('scanned-discharge.pdf');
    const document = await PDFDocument.load(data);
    const lifted = embeddedScanOfPage(document, 0);
    expect(lifted?.dpi).toBe(300);
    expect(lifted?.format).toBe('jpeg');
    expect(lifted?.image.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const pages = await openPages(data, 'pdf', 'discharge.pdf', options);
    expect(pages.count).toBe(2);
    const page = await pages.load(1);
    expect(page).toMatchObject({ index: 1, width: 2480, height: 3508, dpi: 300, channels: 1 });
    await pages.close();
  });

  it('renders a PDF page that holds more than an image (here: real text) with pdf.js', async () => {
    const document = await PDFDocument.create();
    const page = document.addPage([595.28, 841.89]);
    page.drawText('Referral letter', { x: 72, y: 760, size: 18, font: await document.embedFont(StandardFonts.Helvetica) });
    const data = Buffer.from(await document.save());
    expect(embeddedScanOfPage(await PDFDocument.load(data), 0)).toBeUndefined();
    const pages = await openPages(data, 'pdf', 'typed.pdf', { ...options, pdfDpi: 150 });
    const rendered = await pages.load(0);
    expect(rendered).toMatchObject({ width: 1241, height: 1754, dpi: 150, channels: 4 });
    // Some ink where the heading was drawn, white elsewhere.
    // The heading's baseline is 760 pt up an 842 pt page: rows ~125–170 at 150 dpi.
    const darkestIn = (top: number, bottom: number): number => {
      let darkest = 255;
      for (let y = top; y < bottom; y++) {
        for (let x = 150; x < 600; x++) darkest = Math.min(darkest, rendered.pixels[(y * rendered.width + x) * rendered.channels]);
      }
      return darkest;
    };
    expect(darkestIn(120, 175)).toBeLessThan(100);
    expect(darkestIn(400, 600)).toBe(255);
    await pages.close();
  });

  it('honours a PDF page /Rotate on a lifted JPEG', async () => {
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const document = await PDFDocument.create();
    const image = await document.embedJpg(jpeg);
    const page = document.addPage([216, 144]);
    page.drawImage(image, { x: 0, y: 0, width: 216, height: 144 });
    page.setRotation({ type: 'degrees', angle: 90 } as never);
    const pages = await openPages(Buffer.from(await document.save()), 'pdf', 'rotated.pdf', options);
    const loaded = await pages.load(0);
    expect(loaded).toMatchObject({ width: 200, height: 300, dpi: 100 });
    await pages.close();
  });

  it('reads the resolution from the file, or guesses it from A4 when a scanner left it out', async () => {
    const noDensity = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const page = await (await openPages(noDensity, 'png', 'plain.png', options)).load(0);
    expect(page.dpi).toBe(200);
    const clean = await (await openPages(sample('clean-letter.png'), 'png', 'clean-letter.png', options)).load(0);
    expect(clean.dpi).toBe(300);
  });
});
