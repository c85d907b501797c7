/**
 * Engine (b): plain tesseract.js on the raw images, run as its own process by the bench.
 * A scheduler over `workers` workers with tesseract.js defaults (PSM 6, no preprocessing) and the
 * best_int English model shipped in @tesseract.js-data/eng, loaded offline.
 */
import { resolve } from 'node:path';
import { createScheduler, createWorker } from 'tesseract.js';
import { readDriverJob, recordFailure, writePagesText } from './driver-job.ts';
import { pageImagesFor } from './page-images.ts';
import { runPool } from './run-pool.ts';

const LANG_PATH = resolve('node_modules/@tesseract.js-data/eng/4.0.0_best_int');

const job = await readDriverJob();
const scheduler = createScheduler();
const workers = await Promise.all(
  Array.from({ length: job.workers }, () => createWorker('eng', 1, { langPath: LANG_PATH, gzip: true, cacheMethod: 'none' })),
);
for (const worker of workers) scheduler.addWorker(worker);

// Render PDFs / split TIFFs first (as many at once as there are workers), then OCR every page.
const pageLists = await runPool(job.items, job.workers, (item) =>
  pageImagesFor(item.input, item.id, job.scratchDir).catch(async (error: unknown) => {
    await recordFailure(job.outDir, item.id, error);
    return undefined;
  }),
);

await Promise.all(
  job.items.map(async (item, index) => {
    const pages = pageLists[index];
    if (!pages) return;
    try {
      const results = await Promise.all(pages.map((page) => scheduler.addJob('recognize', page)));
      await writePagesText(job.outDir, item.id, results.map((result) => result.data.text));
    } catch (error) {
      await recordFailure(job.outDir, item.id, error);
    }
  }),
);
await scheduler.terminate();
