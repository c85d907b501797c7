/**
 * Engine (c): the native `tesseract` CLI (Debian's fast eng model), `--psm 3`, one OpenMP thread
 * per process and `workers` processes in parallel: the fair way to use 2 cores (OpenMP threading
 * on 2 cores is several times slower, see OCR-NOTES).
 */
import { readDriverJob, recordFailure, writePagesText } from './driver-job.ts';
import { pageImagesFor } from './page-images.ts';
import { runCommand } from './run-command.ts';
import { runPool } from './run-pool.ts';

const job = await readDriverJob();
const env = { ...process.env, OMP_THREAD_LIMIT: '1' };

const pageLists = await runPool(job.items, job.workers, (item) =>
  pageImagesFor(item.input, item.id, job.scratchDir).catch(async (error: unknown) => {
    await recordFailure(job.outDir, item.id, error);
    return undefined;
  }),
);

// Page-level parallelism, so a 4-page PDF keeps both processes busy.
const pageJobs = job.items.flatMap((item, index) => (pageLists[index] ?? []).map((page) => ({ id: item.id, page })));
const texts = await runPool(pageJobs, job.workers, async ({ id, page }) => {
  try {
    return (await runCommand('tesseract', [page, '-', '--psm', '3'], env)).stdout;
  } catch (error) {
    await recordFailure(job.outDir, id, error);
    return undefined;
  }
});

for (const [index, item] of job.items.entries()) {
  if (!pageLists[index]) continue;
  const pages = pageJobs.flatMap((pageJob, pageIndex) => (pageJob.id === item.id ? [texts[pageIndex]] : []));
  if (pages.every((text): text is string => text !== undefined)) await writePagesText(job.outDir, item.id, pages);
}
