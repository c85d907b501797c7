import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CleanedPage, Correction } from '../../src/core/types.ts';
import { cleanPage } from '../../src/stages/clean/clean-page.ts';
import { detectInputFormat } from '../../src/stages/split/detect-type.ts';
import { openPages } from '../../src/stages/split/split-pages.ts';
import { SAMPLES_DIR, sampleFiles, sampleManifest } from '../support/samples.ts';

/** The clean stage alone, on every sample, against the rotation/skew/blank truth in the manifest. */

const manifest = sampleManifest();

async function cleanAll(fileName: string): Promise<CleanedPage[]> {
  const data = readFileSync(path.join(SAMPLES_DIR, fileName));
  const pages = await openPages(data, detectInputFormat(data, fileName), fileName, { pdfDpi: 300, maxInputPixels: 100e6 });
  const cleaned: CleanedPage[] = [];
  for (let index = 0; index < pages.count; index++) cleaned.push(await cleanPage(await pages.load(index), { jpegQuality: 70 }));
  await pages.close();
  return cleaned;
}

const find = <K extends Correction['kind']>(page: CleanedPage, kind: K) =>
  page.corrections.find((correction): correction is Extract<Correction, { kind: K }> => correction.kind === kind);

describe('clean stage on the samples', () => {
  it('has a manifest entry for every sample', () => {
    expect(sampleFiles().sort()).toEqual(Object.keys(manifest).sort());
  });

  for (const fileName of sampleFiles()) {
    const expected = manifest[fileName];
    it(`${fileName}: upright (${expected.uprightRotation}°), deskewed (${expected.deskewDegrees}°) within 0.5°, blank pages flagged`, async () => {
      const pages = await cleanAll(fileName);
      expect(pages).toHaveLength(expected.pages);
      for (const page of pages) {
        const isBlank = expected.blankPages.includes(page.index);
        expect(page.blank, `page ${page.index} blank`).toBe(isBlank);
        if (isBlank) continue;
        expect(find(page, 'rotate')?.degrees ?? 0, `page ${page.index} rotation`).toBe(expected.uprightRotation);
        const deskew = find(page, 'deskew')?.degrees ?? 0;
        expect(Math.abs(deskew - expected.deskewDegrees), `page ${page.index} deskew ${deskew}`).toBeLessThanOrEqual(0.5);
        // Upright pages come out portrait, whatever way round they were scanned.
        expect(page.height).toBeGreaterThan(page.width);
      }
    });
  }

  it('finds the punch holes and the scanner border, and paints them out', async () => {
    const [page] = await cleanAll('punched-border.png');
    expect(find(page, 'remove-punch-holes')?.count).toBeGreaterThanOrEqual(2);
    const border = find(page, 'remove-border');
    expect(border).toBeDefined();
    // A border is a band, not the page: no side may claim more than a tenth of the page.
    for (const side of Object.values(border!.sides)) expect(side).toBeLessThan(page.height / 10);
  });

  it('records no border, holes or rotation on the clean letter', async () => {
    const [page] = await cleanAll('clean-letter.png');
    expect(page.corrections.map((correction) => correction.kind)).not.toContain('remove-border');
    expect(page.corrections.map((correction) => correction.kind)).not.toContain('remove-punch-holes');
    expect(page.corrections.map((correction) => correction.kind)).not.toContain('rotate');
  });

  it('denoises the speckled page and stretches the faded one', async () => {
    const [noisy] = await cleanAll('noisy-speckle.png');
    expect(find(noisy, 'denoise')).toBeDefined();
    const [faded] = await cleanAll('low-contrast-grey.jpg');
    expect(find(faded, 'normalise-contrast')?.lowLevel).toBeGreaterThan(100);
  });

  it('keeps the fax bilevel and the greyscale pages JPEG', async () => {
    const fax = await cleanAll('fax-g4-2pages.tif');
    for (const page of fax) {
      expect(page.displayFormat).toBe('bilevel');
      expect(page.displayImage.length).toBe(Math.ceil(page.width / 8) * page.height);
    }
    const [letter] = await cleanAll('clean-letter.png');
    expect(letter.displayFormat).toBe('jpeg');
    expect(letter.displayImage.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });
});
