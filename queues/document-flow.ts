import { type FlowJob, FlowProducer } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueErrorListener } from './connection.ts';
import type { DocumentJobData } from './job-data.ts';
import { STAGE_JOB_OPTIONS } from './job-options.ts';
import { jobIds, type QueueNames } from './names.ts';

/**
 * The flow of one document once its pages are known: assembly is the parent of one OCR job per
 * page, and each OCR job is the parent of that page's clean job. BullMQ runs children first,
 * so a page is cleaned, then read, and the document is assembled when every page is read.
 * Fixed job ids make adding the same flow twice (a re-run split) a no-op.
 */
export function buildDocumentFlow(names: QueueNames, data: DocumentJobData, pageCount: number): FlowJob {
  const { documentId, attempt } = data;
  return {
    name: 'assemble',
    queueName: names.assemble,
    prefix: names.prefix,
    data,
    opts: { ...STAGE_JOB_OPTIONS, jobId: jobIds.assemble(documentId, attempt) },
    children: Array.from({ length: pageCount }, (_, pageIndex) => ({
      name: 'ocr',
      queueName: names.ocr,
      prefix: names.prefix,
      data: { ...data, pageIndex },
      opts: { ...STAGE_JOB_OPTIONS, jobId: jobIds.ocr(documentId, attempt, pageIndex) },
      children: [
        {
          name: 'clean',
          queueName: names.clean,
          prefix: names.prefix,
          data: { ...data, pageIndex },
          opts: { ...STAGE_JOB_OPTIONS, jobId: jobIds.clean(documentId, attempt, pageIndex) },
        },
      ],
    })),
  };
}

/** The producer that adds documents' flows; its Redis errors are one line each, not stack traces. */
export function openFlowProducer(connection: Redis, names: QueueNames): FlowProducer {
  return new FlowProducer({ connection, prefix: names.prefix }).on('error', queueErrorListener('flow producer'));
}
