import type { Job } from 'bullmq';
import type { FileJobData } from '../queues/job-data.ts';
import { fileDocument } from '../src/filing/file-document.ts';
import { indexFilingOutcome } from '../src/filing/index-filing-outcome.ts';
import { runJob } from './job-failures.ts';
import type { FilingContext, WorkerContext } from './worker-context.ts';

/**
 * file: read the fields, match the patient, then queue deliveries (filed) or a review item (not
 * sure). The document's filing status says which, or `failed` with the error once the job will
 * not be tried again (an index down longer than the retries), so it can be re-filed by API.
 */
export function fileProcessor(context: WorkerContext, filing: FilingContext) {
  const { metadata } = context.storage;
  return (job: Job<FileJobData>) =>
    runJob(
      job,
      async () => {
        const { documentId } = job.data;
        const result = await fileDocument({ storage: context.storage, review: filing.review, audit: filing.audit, index: filing.services.index, config: filing.config, documentId });
        // Indexed before the status says filed or review, so a status a person sees is already searchable as it says.
        await indexFilingOutcome({ storage: context.storage, search: context.search, audit: filing.audit, review: filing.review, patientIndex: filing.services.index }, documentId, result);
        if (result.outcome === 'review') {
          await metadata.updateFiling(documentId, { status: 'review' });
          return { outcome: result.outcome, reviewItemId: result.reviewItemId, reasons: result.reasons.map((reason) => reason.code) };
        }
        for (const sink of result.sinks) await filing.queues.deliverDocument({ documentId, sink, delivery: 1 });
        // Filed once its deliveries are queued: a crash before this retries the job, which queues them again (same ids).
        await metadata.updateFiling(documentId, { status: 'filed' });
        return { outcome: result.outcome, sinks: result.sinks };
      },
      async (error) => {
        await metadata.updateFiling(job.data.documentId, { status: 'failed', error: error.toJSON() });
      },
    );
}
