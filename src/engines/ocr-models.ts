import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RectoError } from '../core/errors.ts';

/**
 * The English recognition models an engine may read with, and where each one's file is:
 * - `best_int`: the LSTM "best" model quantised to integers, from @tesseract.js-data/eng on npm,
 *   so it is there wherever Recto is installed (gzipped; the native engine reads a copy
 *   unzipped once into a cache folder);
 * - `fast`: the smaller, faster LSTM model Debian's tesseract-ocr-eng installs;
 * - `best`: the float "best" model (tessdata_best), only when a trust has installed it.
 */

export const OCR_MODELS = ['best_int', 'fast', 'best'] as const;
export type OcrModelName = (typeof OCR_MODELS)[number];

/** Where Debian's tesseract-ocr-eng (bookworm, tesseract 5) puts eng.traineddata and osd.traineddata. */
export const DEBIAN_TESSDATA = '/usr/share/tesseract-ocr/5/tessdata';

export interface ModelSettings {
  model: OcrModelName;
  /** A folder holding the model's eng.traineddata (fast or best); Debian's folder when unset. */
  tessdataDir?: string;
  /** Where the native engine keeps its unzipped copy of best_int; under the system's temporary folder when unset. */
  cacheDir?: string;
}

/** A model as an engine loads it: a folder holding eng.traineddata (gzipped or not). */
export interface ModelFiles {
  name: OcrModelName;
  dir: string;
  gzip: boolean;
}

const require = createRequire(import.meta.url);
const BEST_INT_DIR = (): string => path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

/** The model's files as tesseract.js reads them (it unzips gzipped data itself). */
export function modelForTesseractJs(settings: ModelSettings): ModelFiles {
  if (settings.model === 'best_int') return { name: 'best_int', dir: BEST_INT_DIR(), gzip: true };
  return { name: settings.model, dir: installedModelDir(settings), gzip: false };
}

/** The model's files as the tesseract CLI reads them (plain eng.traineddata in a --tessdata-dir). */
export function modelForNative(settings: ModelSettings): ModelFiles {
  if (settings.model === 'best_int') return { name: 'best_int', dir: unzippedBestInt(settings.cacheDir), gzip: false };
  return { name: settings.model, dir: installedModelDir(settings), gzip: false };
}

function installedModelDir(settings: ModelSettings): string {
  const dir = settings.tessdataDir ?? (settings.model === 'fast' ? DEBIAN_TESSDATA : undefined);
  if (dir === undefined) {
    // tesseract-ocr-eng ships only the fast model; the best one has to be put somewhere and named.
    throw new RectoError(
      'OCR_ENGINE_UNAVAILABLE',
      'OCR_MODEL=best needs OCR_TESSDATA (--tessdata) naming a folder that holds the tessdata_best eng.traineddata',
    );
  }
  if (!existsSync(path.join(dir, 'eng.traineddata'))) {
    const hint = settings.model === 'fast' ? ' (install tesseract-ocr-eng, or use OCR_MODEL=best_int)' : '';
    throw new RectoError('OCR_ENGINE_UNAVAILABLE', `the ${settings.model} model is not installed: no eng.traineddata in ${dir}${hint}`);
  }
  return dir;
}

/**
 * best_int unzipped once into a folder named by the zipped file's SHA-256, so a new package
 * version gets a new folder; the unzipped file's own SHA-256 is stored beside it and checked
 * on reuse, so a truncated or altered copy is made again rather than read.
 */
function unzippedBestInt(cacheDir = path.join(os.tmpdir(), 'recto-tessdata')): string {
  const zipped = readFileSync(path.join(BEST_INT_DIR(), 'eng.traineddata.gz'));
  const dir = path.join(cacheDir, `eng-best_int-${sha256(zipped).slice(0, 16)}`);
  const file = path.join(dir, 'eng.traineddata');
  const checksumFile = `${file}.sha256`;
  if (existsSync(file) && existsSync(checksumFile) && sha256(readFileSync(file)) === readFileSync(checksumFile, 'utf8').trim()) return dir;
  try {
    mkdirSync(dir, { recursive: true });
    const data = gunzipSync(zipped);
    // Written under a unique name and renamed: a concurrent process never reads a half-written model.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data);
    renameSync(temporary, file);
    writeFileSync(checksumFile, `${sha256(data)}\n`);
  } catch (error) {
    throw new RectoError('OCR_ENGINE_UNAVAILABLE', `could not unzip the best_int model into ${dir}: ${(error as Error).message}`, { cause: error });
  }
  return dir;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
