import type { Job } from 'bullmq';
import type { CleanedPageRef, OcrPageRef, PageJobData } from '../queues/job-data.ts';
import { queueCall } from '../queues/queue-errors.ts';
import { RectoError } from '../src/core/errors.ts';
import { loadCleanedPage, storeOcrResult } from '../src/storage/page-artifacts.ts';
import { ocrPage } from '../src/stages/ocr/ocr-page.ts';
import { runStage } from './job-failures.ts';
import type { WorkerContext } from './worker-context.ts';

/** ocr: read the page its clean child produced, store words, lines and confidences. */
export function ocrProcessor(context: WorkerContext) {
  return (job: Job<PageJobData>) =>
    runStage(job, context.storage, async (): Promise<OcrPageRef> => {
      const { blobs, metadata } = context.storage;
      const [cleanedRef] = Object.values(await queueCall(`reading the cleaned page of ${job.data.documentId}`, () => job.getChildrenValues<CleanedPageRef>()));
      // The flow always gives an OCR job its clean child: without one, the flow was built wrong.
      if (!cleanedRef) throw new RectoError('INTERNAL', `OCR job ${job.id} has no cleaned page`);
      const cleaned = await loadCleanedPage(blobs, cleanedRef.cleanedKey, true);
      const { engineMs, rereadMs, ...result } = await ocrPage(cleaned, context.engine, context.options);
      const ocrKey = await storeOcrResult(blobs, result);
      await metadata.upsertPage(job.data.documentId, job.data.pageIndex, {
        status: 'ocr_done',
        ocrKey,
        timingsMs: { ocrMs: Math.round(engineMs ?? 0), ...(rereadMs ? { rereadMs: Math.round(rereadMs) } : {}) },
      });
      return { ...cleanedRef, ocrKey };
    });
}
