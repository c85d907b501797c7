import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Correction, RawPage } from '../../src/core/types.ts';
import { cleanPage } from '../../src/stages/clean/clean-page.ts';
import { flattenPagePhoto } from '../../src/stages/clean/page-photo.ts';
import { findPageQuad } from '../../src/stages/clean/page-quad.ts';
import { detectInputFormat } from '../../src/stages/split/detect-type.ts';
import { openPages } from '../../src/stages/split/split-pages.ts';
import { PHONE_PHOTO } from '../../samples/tools/cases.ts';
import { phonePhoto, type PhotoLook } from '../../samples/tools/photo.ts';
import { Rng } from '../../samples/tools/prng.ts';
import type { Page } from '../../samples/tools/render.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { textImage } from '../support/text-image.ts';
import { decodeOcrImage } from '../../src/core/ocr-image.ts';

/** Phone photos of pages (issue 11): the sheet is found, flattened and cropped; scans are left alone. */

async function letterPage(): Promise<Page> {
  const lines = Array.from({ length: 30 }, (_, i) => `Line ${i + 1}: the patient was seen in clinic and is much improved.`);
  const png = await textImage(lines, { width: 1240, height: 1754, fontSize: 24, dpi: 150 });
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

async function photographed(seed: number, look: Partial<PhotoLook>) {
  const { photo, corners } = await phonePhoto(await letterPage(), new Rng(seed), { ...PHONE_PHOTO, width: 1200, height: 1600, ...look });
  return { photo, corners };
}

const rawPage = (image: Page, dpi = 300): RawPage => ({
  index: 0, pixels: Buffer.from(image.data), width: image.width, height: image.height, channels: 1, dpi, dpiX: dpi, dpiY: dpi, bilevel: false,
});

async function samplePage(fileName: string): Promise<RawPage> {
  const data = readFileSync(path.join(SAMPLES_DIR, fileName));
  const pages = await openPages(data, detectInputFormat(data, fileName), fileName, { pdfDpi: 300, maxInputPixels: 100e6 });
  const page = await pages.load(0);
  await pages.close();
  return page;
}

describe('finding the sheet in a phone photo', () => {
  const looks: Array<[number, Partial<PhotoLook>]> = [
    [11, { keystone: 0.12 }],
    [22, { keystone: 0.06, jitter: 0.03, shadow: 0.4, falloff: 0.4 }],
    [33, { keystone: 0.1, pageShare: 0.7, desk: 130, shadow: 0.25 }],
  ];
  for (const [seed, look] of looks) {
    it(`finds the four corners within 3 px (seed ${seed}, ${JSON.stringify(look)})`, async () => {
      const { photo, corners } = await photographed(seed, look);
      const quad = await findPageQuad(photo.data, photo.width, photo.height);
      expect(quad).toBeDefined();
      quad!.corners.forEach((corner, i) => {
        expect(Math.hypot(corner.x - corners[i].x, corner.y - corners[i].y), `corner ${i}`).toBeLessThan(3);
      });
    });
  }

  it('flattens the sheet to an A4 page at 300 dpi and records it', async () => {
    const { photo } = await photographed(44, {});
    const cleaned = await cleanPage(rawPage(photo, 72), { jpegQuality: 70 });
    const perspective = cleaned.corrections.find((c): c is Extract<Correction, { kind: 'perspective' }> => c.kind === 'perspective');
    expect(perspective).toMatchObject({ width: 2480, height: 3508, dpi: 300 });
    expect(perspective!.corners).toHaveLength(4);
    expect(cleaned.dpi).toBe(300);
    // (Upright and portrait on the real letters: clean-page.test.ts checks the photo samples.)
    // The display image is the flattened page too, with the OCR image's geometry.
    const display = await sharp(cleaned.displayImage).metadata();
    const ocr = decodeOcrImage(cleaned.ocrImage);
    expect([display.width, display.height]).toEqual([ocr.width, ocr.height]);
    // No desk survives along the edges: the flattened page's border rows are paper.
    const { data } = ocr;
    const edgeRows = [...data.subarray(0, cleaned.width * 5), ...data.subarray(data.length - cleaned.width * 5)];
    expect(edgeRows.reduce((sum, v) => sum + v, 0) / edgeRows.length).toBeGreaterThan(240);
  });

  it('leaves a photo with no background visible alone (no false sheet)', async () => {
    const { photo, corners } = await photographed(55, { keystone: 0.04, jitter: 0.005, shadow: 0.3 });
    // The middle of the sheet only: the crop lies wholly inside the paper.
    const left = Math.ceil(Math.max(corners[0].x, corners[3].x)) + 20;
    const top = Math.ceil(Math.max(corners[0].y, corners[1].y)) + 20;
    const right = Math.floor(Math.min(corners[1].x, corners[2].x)) - 20;
    const bottom = Math.floor(Math.min(corners[2].y, corners[3].y)) - 20;
    const { data, info } = await sharp(Buffer.from(photo.data), { raw: { width: photo.width, height: photo.height, channels: 1 } })
      .extract({ left, top, width: right - left, height: bottom - top })
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(await findPageQuad(new Uint8Array(data), info.width, info.height)).toBeUndefined();
  });

  for (const fileName of ['clean-letter.png', 'punched-border.png', 'skewed-7deg.jpg', 'low-contrast-grey.jpg', 'rotated-270-skewed-3deg.png', 'fields-gp-record-lloyd-george.png']) {
    it(`leaves the scan ${fileName} untouched`, async () => {
      expect(await flattenPagePhoto(await samplePage(fileName))).toBeUndefined();
    });
  }

  it('finds the sheet in both photo samples', async () => {
    for (const fileName of ['photo-letter-perspective.jpg', 'photo-letter-shadow.jpg']) {
      const flat = await flattenPagePhoto(await samplePage(fileName));
      expect(flat?.page.width, fileName).toBe(2480);
      expect(flat?.page.height, fileName).toBe(3508);
    }
  });
});
