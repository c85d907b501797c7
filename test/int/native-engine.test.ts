import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine, parseOcrEngineSettings } from '../../src/engines/create-ocr-engine.ts';
import { createNativeTesseractEngine } from '../../src/engines/native-tesseract-engine.ts';
import type { OcrEngine } from '../../src/engines/ocr-engine.ts';
import { expectRectoError } from '../support/expect-error.ts';
import { nativeTesseractMissing } from '../support/native-tesseract.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { findNhsNumbers } from '../support/text-metrics.ts';

/** The native tesseract engine run for real on sample pages (the golden tests run it on all of them). */

const missing = nativeTesseractMissing();
const page = (name: string): Buffer => readFileSync(path.join(SAMPLES_DIR, name));

describe.skipIf(missing !== undefined)(`native tesseract engine${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await createNativeTesseractEngine({ workers: 2, model: 'best_int' });
  });
  afterAll(() => engine?.close());

  it('names the engine, its version and the model', () => {
    expect(engine.name).toBe('tesseract');
    expect(engine.version).toMatch(/^tesseract 5\.\d+\.\d+ \(native\) eng best_int$/);
    expect(engine.model).toBe('eng best_int');
  });

  it('reads a page: its NHS number, words with boxes on the page, lines pointing at them', async () => {
    const result = await engine.recognize({ image: page('clean-letter.png'), dpi: 300 });
    expect(findNhsNumbers(result.text)).toContain('9996369668');
    expect(result.words.length).toBeGreaterThan(100);
    expect(result.meanConfidence).toBeGreaterThan(85);
    expect(result.engineMs).toBeGreaterThan(0);
    for (const word of result.words) {
      expect(word.bbox.x1).toBeGreaterThan(word.bbox.x0);
      expect(word.bbox.x1).toBeLessThanOrEqual(2480);
      expect(word.bbox.y1).toBeLessThanOrEqual(3508);
    }
    expect(result.lines.flatMap((line) => line.wordIndexes)).toEqual(result.words.map((_, index) => index));
    expect(result.text).toContain('\n\n'); // paragraphs apart, as tesseract.js lays them out
  });

  it('reads a region as one block (layout: block)', async () => {
    // The letter's header lines, cut out: PSM 6 reads them without layout analysis.
    const region = await sharp(page('clean-letter.png')).extract({ left: 0, top: 0, width: 2480, height: 600 }).png().toBuffer();
    const result = await engine.recognize({ image: region, dpi: 300, layout: 'block' });
    expect(result.text).toContain('Northbrook');
    expect(result.text).not.toContain('\n\n'); // one block, one paragraph
  });

  it('tells which way up a turned page is (OSD): the clockwise turn that sets it upright', async () => {
    expect(engine.detectOrientation).toBeDefined();
    expect((await engine.detectOrientation?.(page('upside-down.png')))?.degrees).toBe(180);
    // The sample was turned 90° clockwise: 270° more sets it upright (its manifest's uprightRotation).
    expect((await engine.detectOrientation?.(page('rotated-90.png')))?.degrees).toBe(270);
  });

  it('reads with Debian\'s fast model when asked', async () => {
    const fast = await createNativeTesseractEngine({ workers: 1, model: 'fast' });
    expect(fast.version).toMatch(/ eng fast$/);
    const result = await fast.recognize({ image: page('clean-letter.png'), dpi: 300 });
    expect(findNhsNumbers(result.text)).toContain('9996369668');
  });

  it('fails a page that takes too long, or cannot be decoded, as OCR_FAILED', async () => {
    const slow = await createNativeTesseractEngine({ workers: 1, model: 'best_int', timeoutMs: 50 });
    await expectRectoError(slow.recognize({ image: page('clean-letter.png'), dpi: 300 }), 'OCR_FAILED');
    await expectRectoError(engine.recognize({ image: Buffer.from('not an image'), dpi: 300 }), 'OCR_FAILED');
  });

  it('is unavailable without tesseract, or for the best model when none is installed', async () => {
    const absent = await expectRectoError(createNativeTesseractEngine({ workers: 1, model: 'best_int', command: '/nonexistent/tesseract' }), 'OCR_ENGINE_UNAVAILABLE');
    expect(absent.message).toContain('not installed');
    const best = await expectRectoError(createNativeTesseractEngine({ workers: 1, model: 'best' }), 'OCR_ENGINE_UNAVAILABLE');
    expect(best.message).toContain('OCR_TESSDATA');
  });

  it('is what auto chooses when tesseract 5 is on the PATH', async () => {
    const auto = await createOcrEngine(parseOcrEngineSettings({}), 1);
    expect(auto.name).toBe('tesseract');
    await auto.close();
  });
});

describe('choosing the engine', () => {
  it('refuses an engine or model it does not know, naming the option', async () => {
    expect(() => parseOcrEngineSettings({ engine: 'cloud' as never })).toThrow(/engine/);
    expect(() => parseOcrEngineSettings({ model: 'tiny' as never })).toThrow(/model/);
  });

  it('gives tesseract.js when asked, with the model named', async () => {
    const engine = await createOcrEngine(parseOcrEngineSettings({ engine: 'tesseract.js' }), 1);
    expect(engine.name).toBe('tesseract.js');
    expect(engine.model).toBe('eng best_int');
    await engine.close();
  });
});
