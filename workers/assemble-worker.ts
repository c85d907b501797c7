import type { Job } from 'bullmq';
import type { DocumentJobData, OcrPageRef } from '../queues/job-data.ts';
import { queueCall } from '../queues/queue-errors.ts';
import { RectoError } from '../src/core/errors.ts';
import { loadCleanedPage, loadOcrResult } from '../src/storage/page-artifacts.ts';
import { assembleDocument, type ProcessedPage } from '../src/stages/assemble/assemble-document.ts';
import { extract } from '../src/stages/decide/extract.ts';
import { indexedDocumentOf } from '../src/search/index-stored-document.ts';
import { runStage } from './job-failures.ts';
import type { WorkerContext } from './worker-context.ts';

/** assemble: when every page is read, extract the fields, build the PDF/A, text and sidecar, and mark the document done. */
export function assembleProcessor(context: WorkerContext) {
  return (job: Job<DocumentJobData>) =>
    runStage(job, context.storage, async () => {
      const { blobs, metadata } = context.storage;
      const document = await metadata.getDocument(job.data.documentId);
      if (!document) throw new RectoError('DOCUMENT_NOT_FOUND', `document ${job.data.documentId} is gone`);
      const refs = Object.values(await queueCall(`reading the pages of ${document.id}`, () => job.getChildrenValues<OcrPageRef>())).sort((a, b) => a.pageIndex - b.pageIndex);
      const pageRecords = await metadata.listPages(document.id);
      const pages = await Promise.all(
        refs.map(async (ref): Promise<ProcessedPage> => {
          const [cleaned, ocr] = await Promise.all([loadCleanedPage(blobs, ref.cleanedKey, false), loadOcrResult(blobs, ref.ocrKey)]);
          const timings = pageRecords.find((record) => record.index === ref.pageIndex)?.timingsMs ?? {};
          return { cleaned, ocr, timingsMs: { clean: timings.cleanMs ?? 0, ocr: timings.ocrMs ?? 0, ...(timings.rereadMs ? { reread: timings.rereadMs } : {}) } };
        }),
      );
      // The trust's extraction settings when it files here (TRUST_CONFIG), as the file worker will use.
      const fields = extract(pages.map((page) => page.ocr), context.filing?.config.extraction);
      const { sidecar, pdf, text } = await assembleDocument({
        source: {
          fileName: document.fileName,
          stem: document.fileName.replace(/\.[^.]+$/, ''),
          sha256: document.sha256,
          sizeBytes: document.sizeBytes,
          format: document.format,
          // The upload time, so assembling again gives the same PDF.
          receivedAt: new Date(document.createdAt),
        },
        pages,
        fields,
        engineVersion: context.engine.version,
        options: context.options,
        splitMs: document.timingsMs.splitMs ?? 0,
        elapsedMs: () => Date.now() - Date.parse(document.createdAt),
      });
      const [pdfBlob, textBlob, sidecarBlob] = await Promise.all([
        pdf ? blobs.putBuffer(pdf) : Promise.resolve(null),
        blobs.putBuffer(Buffer.from(text)),
        blobs.putBuffer(Buffer.from(`${JSON.stringify(sidecar, null, 2)}\n`)),
      ]);
      // Nothing files here (no TRUST_CONFIG): searchable by its words, under no patient, before it
      // is done (a failed index write retries this job). With filing, only the file worker
      // indexes: a re-run of this job must not take away the patient filing gave it.
      if (!context.filing) await context.search.indexDocument(indexedDocumentOf(document, sidecar, null));
      await metadata.updateDocument(document.id, {
        status: 'done',
        error: null,
        outputs: { pdfKey: pdfBlob?.key ?? null, textKey: textBlob.key, sidecarKey: sidecarBlob.key },
      });
      // Filing starts only now: every page must be read before the fields are (a second
      // patient's number may be on the last page). Pending is set before the job exists, so the
      // job's decision always comes after it; and only if filing was never queued, so a re-run
      // of this assembly (its worker died after queuing) cannot undo a decision already made.
      if (context.filing) {
        if (document.filing === null) await metadata.updateFiling(document.id, { status: 'pending' });
        await context.filing.queues.fileDocument(job.data);
      }
      return { pages: pages.length };
    });
}
