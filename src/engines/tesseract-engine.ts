import { createRequire } from 'node:module';
import path from 'node:path';
import Tesseract from 'tesseract.js';
import { RectoError } from '../core/errors.ts';
import type { OcrEngine, OrientationOpinion, RecognizeRequest, TimedOcrResult } from './ocr-engine.ts';
import { toOcrResult, type TesseractBlock } from './tesseract-result.ts';
import { WorkerPool } from './worker-pool.ts';

/**
 * tesseract.js 7 behind the OcrEngine interface: a pool of workers created once and reused
 * (start-up costs a few hundred ms each), language data read from the npm packages so
 * nothing is fetched at run time, and every failure turned into a typed RectoError.
 */

const require = createRequire(import.meta.url);
const dataDir = (pkg: string): string => path.dirname(require.resolve(`${pkg}/package.json`));
/** The LSTM "best_int" English model: the only LSTM model published on npm. */
const ENG_MODEL_DIR = (): string => path.join(dataDir('@tesseract.js-data/eng'), '4.0.0_best_int');
/** OSD needs the legacy engine; it is loaded lazily, only for pages the line-profile test finds unclear. */
const OSD_MODEL_DIR = (): string => path.join(dataDir('@tesseract.js-data/osd'), '4.0.0');

const MIN_OSD_CONFIDENCE = 3;

export interface TesseractEngineOptions {
  workers: number;
}

const OCR_PARAMETERS: Partial<Tesseract.WorkerParams> = {
  // Pages arrive upright and deskewed, so automatic layout analysis (PSM 3) is safe and keeps columns apart.
  tessedit_pageseg_mode: Tesseract.PSM.AUTO,
  // Inverted-text detection re-reads every doubtful line; letters in NHS records are dark on light.
  tessedit_do_invert: '0',
  // tesseract prints diagnostics ("Detected 43 diacritics") to stdout, which would corrupt --json output.
  debug_file: '/dev/null',
};

export async function createTesseractEngine(options: TesseractEngineOptions): Promise<OcrEngine> {
  let lastWorkerError: unknown;
  const errorHandler = (error: unknown): void => {
    lastWorkerError = error;
  };
  let workers: Tesseract.Worker[] = [];
  try {
    workers = await Promise.all(
      Array.from({ length: options.workers }, () =>
        Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
          langPath: ENG_MODEL_DIR(),
          gzip: true,
          cacheMethod: 'none',
          errorHandler,
        }),
      ),
    );
    for (const worker of workers) await worker.setParameters(OCR_PARAMETERS);
  } catch (error) {
    // Best effort: a worker that cannot start may not stop cleanly either; the start-up error is the one to report.
    await Promise.all(workers.map((worker) => worker.terminate().catch(() => undefined)));
    throw new RectoError('OCR_ENGINE_UNAVAILABLE', `tesseract.js could not start: ${describe(error ?? lastWorkerError)}`, {
      cause: error,
    });
  }

  const pool = new WorkerPool(workers);
  let osdWorker: Promise<Tesseract.Worker> | undefined;
  const orientationWorker = (): Promise<Tesseract.Worker> =>
    (osdWorker ??= Tesseract.createWorker('osd', Tesseract.OEM.TESSERACT_ONLY, {
      langPath: OSD_MODEL_DIR(),
      gzip: true,
      cacheMethod: 'none',
      legacyCore: true,
      legacyLang: true,
      errorHandler,
    }).then(async (worker) => {
      await worker.setParameters({ debug_file: '/dev/null' });
      return worker;
    }));

  return {
    name: 'tesseract.js',
    version: `tesseract.js ${require('tesseract.js/package.json').version} eng 4.0.0_best_int`,
    recognize(request: RecognizeRequest): Promise<TimedOcrResult> {
      return pool.run(async (worker) => {
        const started = performance.now();
        const block = request.layout === 'block';
        try {
          // The worker is ours until this returns: switch it to one block (PSM 6) and back.
          if (block) await worker.setParameters({ tessedit_pageseg_mode: Tesseract.PSM.SINGLE_BLOCK });
          const result = await worker.recognize(request.image, {}, { blocks: true, text: false });
          return { ...toOcrResult(result.data.blocks as unknown as TesseractBlock[]), engineMs: performance.now() - started };
        } catch (error) {
          throw new RectoError('OCR_FAILED', `tesseract.js failed on the page: ${describe(error)}`, { cause: error });
        } finally {
          if (block) await worker.setParameters({ tessedit_pageseg_mode: Tesseract.PSM.AUTO });
        }
      });
    },
    async detectOrientation(image: Buffer): Promise<OrientationOpinion | undefined> {
      try {
        const { data } = await (await orientationWorker()).detect(image);
        // OSD's confidence runs ~5–15 on real text at 150 dpi; below 3 it is guessing.
        if (data.orientation_degrees === null || (data.orientation_confidence ?? 0) < MIN_OSD_CONFIDENCE) return undefined;
        // OSD reports how far the text is turned anticlockwise; turning it that far clockwise sets it upright.
        const degrees = (((Math.round(data.orientation_degrees / 90) * 90) % 360) + 360) % 360;
        return { degrees: degrees as OrientationOpinion['degrees'], confidence: Math.min(1, (data.orientation_confidence ?? 0) / 10) };
      } catch {
        return undefined; // A second opinion that fails is no opinion: the line-profile result stands.
      }
    },
    async close(): Promise<void> {
      await Promise.all(workers.map((worker) => worker.terminate()));
      if (osdWorker) await (await osdWorker).terminate();
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
