import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CleanedPage } from '../../src/core/types.ts';
import { assemblePdf } from '../../src/stages/assemble/assemble-pdf.ts';
import { cleanPage } from '../../src/stages/clean/clean-page.ts';
import { openPages } from '../../src/stages/split/split-pages.ts';
import { layOut } from '../support/fake-ocr-engine.ts';
import { pdfToText, pdfWordBoxes } from '../support/poppler.ts';
import { SAMPLES_DIR } from '../support/samples.ts';

/** The assemble stage with known word boxes, read back by poppler as a PDF viewer would. */

const LINES = ['Patient: Test Patient', 'NHS No: 999 636 9668', 'Discharge summary dated 14/03/2025'];
let dir: string;
let letter: CleanedPage;
let faxPages: CleanedPage[];

async function cleanSample(fileName: string, format: 'png' | 'tiff'): Promise<CleanedPage[]> {
  const pages = await openPages(readFileSync(path.join(SAMPLES_DIR, fileName)), format, fileName, {
    pdfDpi: 300,
    maxInputPixels: 100e6,
  });
  const cleaned = [];
  for (let index = 0; index < pages.count; index++) cleaned.push(await cleanPage(await pages.load(index), { jpegQuality: 70 }));
  return cleaned;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recto-assemble-'));
  [letter] = await cleanSample('clean-letter.png', 'png');
  faxPages = await cleanSample('fax-g4-2pages.tif', 'tiff');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = { title: 'clean-letter.png', created: new Date('2025-03-14T10:00:00Z'), documentId: 'abc', producer: 'Recto test' };

describe('assemblePdf', () => {
  it('puts every word on its box, so search highlights the right place', async () => {
    const ocr = layOut(LINES);
    const file = path.join(dir, 'words.pdf');
    writeFileSync(file, await assemblePdf([{ page: letter, ocr }], options));
    const boxes = pdfWordBoxes(file);
    expect(boxes.map((box) => box.text)).toEqual(ocr.words.map((word) => word.text));
    const pointsPerPixel = 72 / letter.dpi;
    boxes.forEach((box, index) => {
      const word = ocr.words[index].bbox;
      // Horizontal extent is fitted exactly (Tz); vertical extent is the line's box.
      expect(box.xMin).toBeCloseTo(word.x0 * pointsPerPixel, 0);
      expect(box.xMax).toBeCloseTo(word.x1 * pointsPerPixel, 0);
      const centreY = (box.yMin + box.yMax) / 2 / pointsPerPixel;
      expect(centreY).toBeGreaterThan(word.y0);
      expect(centreY).toBeLessThan(word.y1);
    });
  });

  it('keeps the text extractable in reading order', async () => {
    const file = path.join(dir, 'text.pdf');
    writeFileSync(file, await assemblePdf([{ page: letter, ocr: layOut(LINES) }], options));
    const text = pdfToText(file);
    expect(text).toMatch(/Patient: Test Patient/);
    expect(text).toMatch(/NHS No: 999 636 9668/);
    expect(text.indexOf('Patient:')).toBeLessThan(text.indexOf('Discharge'));
  });

  it('writes the PDF/A-2b essentials: XMP identification, sRGB output intent, trailer ID, embedded font', async () => {
    const file = path.join(dir, 'pdfa.pdf');
    const bytes = await assemblePdf([{ page: letter, ocr: layOut(LINES) }], options);
    writeFileSync(file, bytes);
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw.startsWith('%PDF-1.7')).toBe(true);
    expect(raw).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(raw).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(raw).toMatch(/\/ID \[ ?<[0-9A-Fa-f]{32}> ?<[0-9A-Fa-f]{32}> ?\]/);
    // The output intent sits in a compressed object stream; qpdf expands it.
    const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { maxBuffer: 64e6 }).toString('latin1');
    expect(qdf).toContain('/S /GTS_PDFA1');
    expect(qdf).toContain('/DestOutputProfile');
    expect(execFileSync('qpdf', ['--check', file]).toString()).toMatch(/No syntax or stream encoding errors/);
    const fonts = execFileSync('pdffonts', [file]).toString();
    // embedded: yes; has a ToUnicode map (so text extracts): yes.
    expect(fonts).toMatch(/DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes\s+\w+\s+yes/);
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Title:\s+clean-letter\.png/);
    expect(info).toMatch(/Page size:\s+595\.2 x 841\.92? pts \(A4\)/);
  });

  it('keeps bilevel fax pages at 1 bit per pixel, about the size of the G4 original', async () => {
    const bytes = await assemblePdf(
      faxPages.map((page) => ({ page, ocr: layOut(['fax']) })),
      { ...options, title: 'fax' },
    );
    const original = readFileSync(path.join(SAMPLES_DIR, 'fax-g4-2pages.tif')).length;
    expect(bytes.length).toBeLessThan(original * 3);
    const file = path.join(dir, 'fax.pdf');
    writeFileSync(file, bytes);
    const images = execFileSync('pdfimages', ['-list', file]).toString();
    expect(images.match(/gray\s+1\s+1/g)?.length).toBe(2);
  });
});
