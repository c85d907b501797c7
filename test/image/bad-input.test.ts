import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScanOptions } from '../../src/core/config.ts';
import type { RectoError } from '../../src/core/errors.ts';
import { type BatchSummary, scanBatch } from '../../src/runners/scan-batch.ts';
import { scanDocument } from '../../src/runners/scan-document.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { SAMPLES_DIR } from '../support/samples.ts';

/** The bad-input corpus: each file gets its own typed error, fast, and never stops a batch. */

const CORPUS = path.join(import.meta.dirname, '../bad-input');
const expected: Record<string, { code: string; why: string }> = JSON.parse(
  readFileSync(path.join(CORPUS, 'expected.json'), 'utf8'),
);

describe('each bad input gets its own clear, typed error', () => {
  const options = parseScanOptions({ outDir: os.tmpdir(), workers: 1 });
  for (const [fileName, { code, why }] of Object.entries(expected)) {
    it(`${fileName} → ${code} (${why})`, async () => {
      const engine = createFakeOcrEngine();
      const started = performance.now();
      const error = await scanDocument(
        { fileName, data: readFileSync(path.join(CORPUS, fileName)), stem: 'x' },
        { engine, options, limitPage: pLimit(2) },
      ).then(
        () => undefined,
        (thrown: RectoError) => thrown,
      );
      const seconds = (performance.now() - started) / 1000;
      expect(error?.code).toBe(code);
      expect(error?.retryable).toBe(false);
      expect(error?.message).toContain(fileName);
      expect(error?.hint.length).toBeGreaterThan(20);
      expect(engine.calls).toBe(0); // rejected before any OCR work
      // A guard against hangs, not a benchmark: the real figures are well under a second.
      expect(seconds).toBeLessThan(10);
    });
  }

  it('covers every file in the corpus folder', () => {
    const files = readdirSync(CORPUS).filter((name) => !/\.(ts|json)$/.test(name));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });
});

describe('a batch mixing bad and good files', () => {
  let workDir: string;
  let summary: BatchSummary;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'recto-bad-batch-'));
    const inputDir = path.join(workDir, 'in');
    const outDir = path.join(workDir, 'out');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(inputDir);
    for (const fileName of Object.keys(expected)) copyFileSync(path.join(CORPUS, fileName), path.join(inputDir, fileName));
    copyFileSync(path.join(SAMPLES_DIR, 'clean-letter.png'), path.join(inputDir, 'clean-letter.png'));
    copyFileSync(path.join(SAMPLES_DIR, 'fax-g4-2pages.tif'), path.join(inputDir, 'fax-g4-2pages.tif'));
    summary = await scanBatch(
      [inputDir, path.join(workDir, 'no-such-file.pdf')],
      parseScanOptions({ outDir, workers: 2 }),
      async () => createFakeOcrEngine(),
    );
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('completes the good documents and reports each bad one with its code', () => {
    expect(summary.succeeded).toBe(2);
    expect(summary.failed).toBe(Object.keys(expected).length + 1);
    for (const result of summary.results) {
      if (result.status === 'failed') {
        const wanted = expected[result.fileName]?.code ?? 'INPUT_NOT_FOUND';
        expect(result.error.code, result.fileName).toBe(wanted);
      }
    }
  });

  it('writes outputs for the good documents only, and no temporary files', () => {
    const written = readdirSync(path.join(workDir, 'out')).sort();
    expect(written).toEqual([
      'clean-letter.json',
      'clean-letter.pdf',
      'clean-letter.txt',
      'fax-g4-2pages.json',
      'fax-g4-2pages.pdf',
      'fax-g4-2pages.txt',
    ]);
  });
});
