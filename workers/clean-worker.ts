import type { Job } from 'bullmq';
import type { CleanedPageRef, PageJobData } from '../queues/job-data.ts';
import { RectoError } from '../src/core/errors.ts';
import { cleanOptionsFor } from '../src/stages/clean/clean-options.ts';
import { storeCleanedPage } from '../src/storage/page-artifacts.ts';
import { cleanPage } from '../src/stages/clean/clean-page.ts';
import { openPages } from '../src/stages/split/split-pages.ts';
import { runStage } from './job-failures.ts';
import type { WorkerContext } from './worker-context.ts';

/** clean: decode one page from the stored original, clean it, store the result. */
export function cleanProcessor(context: WorkerContext) {
  return (job: Job<PageJobData>) =>
    runStage(job, context.storage, async (): Promise<CleanedPageRef> => {
      const { metadata, blobs } = context.storage;
      const { documentId, pageIndex } = job.data;
      const document = await metadata.getDocument(documentId);
      if (!document) throw new RectoError('DOCUMENT_NOT_FOUND', `document ${documentId} is gone`);
      const started = performance.now();
      const pages = await openPages(await blobs.get(document.originalKey), document.format, document.fileName, context.options);
      try {
        const cleaned = await cleanPage(await pages.load(pageIndex), cleanOptionsFor(context.options, context.engine));
        const cleanedKey = await storeCleanedPage(blobs, cleaned);
        await metadata.upsertPage(documentId, pageIndex, {
          status: 'cleaned',
          cleanedKey,
          timingsMs: { cleanMs: Math.round(performance.now() - started) },
        });
        return { pageIndex, cleanedKey, blank: cleaned.blank };
      } finally {
        await pages.close();
      }
    });
}
