import type { Job } from 'bullmq';
import type { DocumentJobData } from '../queues/job-data.ts';
import { buildDocumentFlow } from '../queues/document-flow.ts';
import { queueCall } from '../queues/queue-errors.ts';
import { openPages } from '../src/stages/split/split-pages.ts';
import { runStage } from './job-failures.ts';
import type { WorkerContext } from './worker-context.ts';

/** split: count the document's pages, then queue clean → OCR per page and assembly after them. */
export function splitProcessor(context: WorkerContext) {
  return (job: Job<DocumentJobData>) =>
    runStage(job, context.storage, async () => {
      const { metadata, blobs } = context.storage;
      const document = await metadata.getDocument(job.data.documentId);
      if (!document || document.status === 'done') return { pages: document?.pageCount ?? 0 };
      // Already processing means this split ran before and its worker died: the attempt has
      // been counted and its pages may be further on, so neither is touched again.
      const rerun = document.status === 'processing';
      if (!rerun) await metadata.updateDocument(document.id, { status: 'processing', error: null });
      const original = await blobs.get(document.originalKey);
      const started = performance.now();
      const pages = await openPages(original, document.format, document.fileName, context.options);
      const count = pages.count;
      await pages.close();
      // Stored for the sidecar, which reports the split as `recto scan` times it: opening and counting, not reading the blob.
      await metadata.updateDocument(document.id, { pageCount: count, timingsMs: { splitMs: Math.round(performance.now() - started) } });
      const known = new Set(rerun ? (await metadata.listPages(document.id)).map((page) => page.index) : []);
      for (let index = 0; index < count; index++) {
        if (!known.has(index)) await metadata.upsertPage(document.id, index, { status: 'split' });
      }
      await queueCall(`queuing the pages of ${document.id}`, () => context.flow.add(buildDocumentFlow(context.names, job.data, count)));
      return { pages: count };
    });
}
