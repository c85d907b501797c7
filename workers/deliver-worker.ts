import type { Job } from 'bullmq';
import type { DeliverJobData } from '../queues/job-data.ts';
import { nextAttemptAt } from '../queues/job-options.ts';
import { RectoError } from '../src/core/errors.ts';
import { extractedFieldsOf, patientForApproval } from '../src/review/approval-patient.ts';
import { buildDeliverable } from '../src/filing/deliverable.ts';
import { deliverDocument } from '../src/filing/deliver-document.ts';
import { loadDocumentOcr } from '../src/filing/document-ocr.ts';
import { decide } from '../src/stages/decide/decide.ts';
import { extract } from '../src/stages/decide/extract.ts';
import type { DocumentRecord } from '../src/storage/storage.ts';
import { runJob } from './job-failures.ts';
import type { FilingContext, WorkerContext } from './worker-context.ts';

/**
 * deliver: send one filed document to one record system. Who the patient is comes from stored
 * facts, never from job data: the approved review item, or the same extraction and match that
 * filed the document (re-checked now, so an index that has since changed stops the delivery).
 */
export function deliverProcessor(context: WorkerContext, filing: FilingContext) {
  return (job: Job<DeliverJobData>) =>
    runJob(job, async () => {
      const { documentId, sink: sinkName, reviewItemId, delivery } = job.data;
      const sink = filing.services.sinks.get(sinkName);
      if (!sink) throw new RectoError('INVALID_OPTIONS', `no sink named ${sinkName} in the trust configuration`);
      const document = await context.storage.metadata.getDocument(documentId);
      if (!document?.outputs.pdfKey) throw new RectoError('OUTPUT_NOT_READY', `document ${documentId} has no PDF to deliver`);
      const pdf = await context.storage.blobs.get(document.outputs.pdfKey);
      const filed = reviewItemId ? await approvedFiling(filing, reviewItemId) : await automaticFiling(context, filing, document);
      const deliverable = buildDeliverable({ document, pdf, config: filing.config, ...filed });
      const receipt = await deliverDocument({ sink, deliverable, deliveries: filing.deliveries, audit: filing.audit, redeliver: delivery > 1, nextAttemptAt: nextAttemptAt(job) });
      return { sink: sinkName, remoteId: receipt.remoteId, alreadyDelivered: receipt.alreadyDelivered };
    });
}

async function approvedFiling(filing: FilingContext, reviewItemId: string) {
  const item = await filing.review.getItem(reviewItemId);
  if (item?.status !== 'approved') throw new RectoError('APPROVAL_INCOMPLETE', `review item ${reviewItemId} is not approved`);
  const patient = await patientForApproval(item, filing.services.index);
  return { fields: extractedFieldsOf(item), patient, corrections: item.corrections, userId: item.decidedBy ?? undefined };
}

async function automaticFiling(context: WorkerContext, filing: FilingContext, document: DocumentRecord) {
  const { pages } = await loadDocumentOcr(context.storage, document.id);
  const fields = extract(pages, filing.config.extraction);
  const decision = await decide(fields, filing.services.index, filing.config, pages);
  if (decision.outcome !== 'file') {
    throw new RectoError('APPROVAL_INCOMPLETE', `document ${document.id} no longer matches its patient in the index; it needs a review`);
  }
  return { fields, patient: decision.patient };
}
