import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { RectoError } from '../core/errors.ts';
import type { OcrEngine, OrientationOpinion, RecognizeRequest, TimedOcrResult } from './ocr-engine.ts';
import { DEBIAN_TESSDATA, type ModelSettings, modelForNative } from './ocr-models.ts';
import { runTesseract } from './run-tesseract.ts';
import { isTesseractTsv, parseTesseractTsv } from './tesseract-tsv.ts';
import { WorkerPool } from './worker-pool.ts';
import { encodeOcrImage, isPgm } from '../core/ocr-image.ts';

/**
 * The tesseract CLI (5.x) behind the OcrEngine interface, the way OCRmyPDF drives it: one
 * process per page, at most `workers` at once, one OpenMP thread each. The page goes in on
 * stdin as PGM (uncompressed: tesseract reads it without decoding a PNG) with its resolution
 * given, and the words come back as TSV on stdout, read into the same OcrResult as
 * tesseract.js's, so the rest of the pipeline cannot tell the engines apart.
 */

export interface NativeTesseractEngineOptions extends ModelSettings {
  workers: number;
  /** A page that takes longer is given up as OCR_FAILED (a stuck process must not hold a worker for ever). */
  timeoutMs?: number;
  /** The tesseract executable; `tesseract` on the PATH unless given. */
  command?: string;
}

/** Minutes, not seconds: a dense A4 page takes 1–3 s on an idle core, much more on a busy shared one. */
const DEFAULT_TIMEOUT_MS = 180_000;
const VERSION_TIMEOUT_MS = 10_000;
const MIN_OSD_CONFIDENCE = 3;

/** The same page segmentation tesseract.js is set to: PSM 3 (automatic layout) for pages, PSM 6 for a block. */
const PSM = { page: '3', block: '6' } as const;

export async function createNativeTesseractEngine(options: NativeTesseractEngineOptions): Promise<OcrEngine> {
  const command = options.command ?? 'tesseract';
  const version = await nativeTesseractVersion(command);
  if (version === undefined) throw new RectoError('OCR_ENGINE_UNAVAILABLE', `${command} is not installed (not found on the PATH)`);
  if (!version.startsWith('5.')) throw new RectoError('OCR_ENGINE_UNAVAILABLE', `the native engine needs tesseract 5, but ${command} is ${version}`);
  const model = modelForNative(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // A semaphore: the "workers" are just permits, one per process allowed to run at once.
  const pool = new WorkerPool(Array.from({ length: options.workers }, (_, slot) => slot));
  const osdDir = [options.tessdataDir, DEBIAN_TESSDATA].find((dir) => dir !== undefined && existsSync(path.join(dir, 'osd.traineddata')));

  return {
    name: 'tesseract',
    version: `tesseract ${version} (native) eng ${model.name}`,
    model: `eng ${model.name}`,
    recognize(request: RecognizeRequest): Promise<TimedOcrResult> {
      return pool.run(async () => {
        const started = performance.now();
        const image = await toPgm(request.image);
        const args = ['stdin', 'stdout', '--tessdata-dir', model.dir, '-l', 'eng', '--oem', '1', '--psm', PSM[request.layout ?? 'page'], '--dpi', String(Math.round(request.dpi))];
        // As tesseract.js is set: no inverted-text pass (letters in NHS records are dark on light).
        // TSV is asked for by variable, not the `tsv` config file: a model folder (best_int's cache) has no configs/.
        args.push('-c', 'tessedit_do_invert=0', '-c', 'tessedit_create_tsv=1', '-c', 'tessedit_create_txt=0');
        const output = await runTesseract({ command, args, stdin: image, timeoutMs });
        if (!isTesseractTsv(output)) throw new RectoError('OCR_FAILED', 'tesseract wrote something other than TSV for the page');
        return { ...parseTesseractTsv(output), engineMs: performance.now() - started };
      });
    },
    detectOrientation: osdDir === undefined ? undefined : async (image: Buffer): Promise<OrientationOpinion | undefined> => {
      try {
        const output = await pool.run(async () =>
          runTesseract({ command, args: ['stdin', 'stdout', '--tessdata-dir', osdDir, '--psm', '0'], stdin: await toPgm(image), timeoutMs }),
        );
        return parseOsd(output);
      } catch {
        return undefined; // A second opinion that fails is no opinion: the line-profile result stands.
      }
    },
    async close(): Promise<void> {
      // Nothing is kept running between pages; a page still being read finishes or times out on its own.
    },
  };
}

/** The version `tesseract --version` prints ("tesseract 5.3.0"), or undefined when there is no tesseract to run. */
export async function nativeTesseractVersion(command = 'tesseract'): Promise<string | undefined> {
  try {
    const output = await runTesseract({ command, args: ['--version'], timeoutMs: VERSION_TIMEOUT_MS });
    return /^tesseract\s+v?(\S+)/m.exec(output)?.[1];
  } catch (error) {
    if (error instanceof RectoError && error.code === 'OCR_ENGINE_UNAVAILABLE') return undefined;
    throw error;
  }
}

/**
 * OSD's report: "Rotate: N" is the clockwise turn that sets the page upright (what tesseract.js
 * calls orientation_degrees); below confidence 3 it is guessing.
 */
export function parseOsd(output: string): OrientationOpinion | undefined {
  const rotate = /^Rotate:\s*(\d+)/m.exec(output);
  const confidence = /^Orientation confidence:\s*([\d.]+)/m.exec(output);
  if (!rotate || !confidence || Number(confidence[1]) < MIN_OSD_CONFIDENCE) return undefined;
  const degrees = (((Math.round(Number(rotate[1]) / 90) * 90) % 360) + 360) % 360;
  return { degrees: degrees as OrientationOpinion['degrees'], confidence: Math.min(1, Number(confidence[1]) / 10) };
}

/** A binary PGM (P5) of the image's grey pixels: tesseract reads it with no decoding. Pages come as PGM already. */
async function toPgm(image: Buffer): Promise<Buffer> {
  if (isPgm(image)) return image;
  try {
    const { data, info } = await sharp(image).removeAlpha().greyscale().raw().toBuffer({ resolveWithObject: true });
    return encodeOcrImage({ data, width: info.width, height: info.height });
  } catch (error) {
    throw new RectoError('OCR_FAILED', `the page image could not be decoded for tesseract: ${(error as Error).message}`, { cause: error });
  }
}
