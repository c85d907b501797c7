import type { Job } from 'bullmq';
import type { DocumentJobData } from '../queues/job-data.ts';
import { fileDocument } from '../src/filing/file-document.ts';
import { runJob } from './job-failures.ts';
import type { FilingContext, WorkerContext } from './worker-context.ts';

/** file: read the fields, match the patient, then queue deliveries (filed) or a review item (not sure). */
export function fileProcessor(context: WorkerContext, filing: FilingContext) {
  return (job: Job<DocumentJobData>) =>
    runJob(job, async () => {
      const { documentId } = job.data;
      const result = await fileDocument({ storage: context.storage, review: filing.review, audit: filing.audit, index: filing.services.index, config: filing.config, documentId });
      if (result.outcome === 'review') return { outcome: result.outcome, reviewItemId: result.reviewItemId, reasons: result.reasons.map((reason) => reason.code) };
      for (const sink of result.sinks) await filing.queues.deliverDocument({ documentId, sink, delivery: 1 });
      return { outcome: result.outcome, sinks: result.sinks };
    });
}
