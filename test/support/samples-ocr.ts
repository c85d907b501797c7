import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { parseScanOptions } from '../../src/core/config.ts';
import type { Sidecar } from '../../src/core/sidecar.ts';
import { createOcrEngine } from '../../src/engines/create-ocr-engine.ts';
import { nativeTesseractVersion } from '../../src/engines/native-tesseract-engine.ts';
import { type BatchSummary, scanBatch } from '../../src/runners/scan-batch.ts';
import { SAMPLES_DIR, sampleFiles } from './samples.ts';

/**
 * Every sample through `recto scan` with real OCR (2 workers), once per test run and engine
 * (tesseract.js unless asked; the golden tests run the native engine too).
 * The golden tests check these outputs against the samples' true text; the API test checks the
 * queue's outputs against them. The first test file to ask runs the scan into the run's cache
 * folder (made and removed by samples-ocr-setup.ts); later ones, in any project, read it.
 * Entries are keyed by every sample's SHA-256, the engine's version and the scan options, so
 * what is read is what this run's samples and engine make.
 */

const WORKERS = 2;
/** Longer than a scan of every sample takes on 2 busy cores. */
const WAIT_FOR_OTHER_MS = 15 * 60_000;

export interface SamplesOcr {
  /** Where each sample's NAME.pdf, NAME.txt and NAME.json were written. */
  outDir: string;
  summary: BatchSummary;
  text(fileName: string): string;
  sidecar(fileName: string): Sidecar;
}

/** The engines a test names explicitly (never `auto`, so what ran does not depend on the machine). */
export type SamplesEngine = 'tesseract.js' | 'native';

export async function samplesOcr(engine: SamplesEngine = 'tesseract.js'): Promise<SamplesOcr> {
  const entry = path.join(inject('samplesOcrDir'), await cacheKey(engine));
  await scanOnce(entry, engine);
  const outDir = path.join(entry, 'out');
  const stem = (fileName: string): string => path.join(outDir, path.parse(fileName).name);
  return {
    outDir,
    summary: JSON.parse(readFileSync(path.join(entry, 'summary.json'), 'utf8')),
    text: (fileName) => readFileSync(`${stem(fileName)}.txt`, 'utf8'),
    sidecar: (fileName) => JSON.parse(readFileSync(`${stem(fileName)}.json`, 'utf8')),
  };
}

function scanOptions(outDir: string) {
  return parseScanOptions({ outDir, workers: WORKERS });
}

async function cacheKey(engineName: SamplesEngine): Promise<string> {
  const require = createRequire(import.meta.url);
  const versionOf = (pkg: string): string => require(`${pkg}/package.json`).version;
  const { outDir: _where, ...options } = scanOptions('.');
  const samples = sampleFiles().map((fileName) => [
    fileName,
    createHash('sha256').update(readFileSync(path.join(SAMPLES_DIR, fileName))).digest('hex'),
  ]);
  const model = `eng best_int ${versionOf('@tesseract.js-data/eng')}`;
  const engine =
    engineName === 'native' ? `tesseract ${await nativeTesseractVersion()} ${model}` : `tesseract.js ${versionOf('tesseract.js')} ${model}`;
  return createHash('sha256').update(JSON.stringify({ samples, engine, options })).digest('hex').slice(0, 32);
}

/** Scans the samples into `entry` unless done already; a lock folder keeps two files from doing it at once. */
async function scanOnce(entry: string, engine: SamplesEngine): Promise<void> {
  const done = path.join(entry, 'summary.json');
  const lock = `${entry}.lock`;
  const giveUpAt = Date.now() + WAIT_FOR_OTHER_MS;
  while (!existsSync(done)) {
    try {
      mkdirSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > giveUpAt) throw new Error(`the samples' OCR in ${entry} was not finished by another test file in time`);
      await sleep(1000);
      continue;
    }
    try {
      if (existsSync(done)) return;
      rmSync(entry, { recursive: true, force: true }); // what a failed attempt left
      const summary = await scanBatch([SAMPLES_DIR], scanOptions(path.join(entry, 'out')), (workers) =>
        createOcrEngine({ engine, model: 'best_int' }, workers),
      );
      writeFileSync(`${done}.tmp`, JSON.stringify(summary));
      renameSync(`${done}.tmp`, done); // last: its presence says the entry is complete
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
