/**
 * The queues of the capture flow, one per stage. A prefix keeps deployments (and tests, which
 * use a random one each) apart on a shared Redis.
 */
export interface QueueNames {
  prefix: string;
  split: string;
  clean: string;
  ocr: string;
  assemble: string;
  /** Extraction, patient matching and the filed-or-review decision, after assembly. */
  file: string;
  /** One job per document and record system. */
  deliver: string;
}

export function queueNames(prefix = 'recto'): QueueNames {
  return { prefix, split: 'split', clean: 'clean', ocr: 'ocr', assemble: 'assemble', file: 'file', deliver: 'deliver' };
}

/** Deterministic job ids: adding the same stage of the same page twice is a no-op in BullMQ. */
export const jobIds = {
  split: (documentId: string, attempt: number): string => `${documentId}.split.${attempt}`,
  clean: (documentId: string, attempt: number, page: number): string => `${documentId}.${attempt}.clean.${page}`,
  ocr: (documentId: string, attempt: number, page: number): string => `${documentId}.${attempt}.ocr.${page}`,
  assemble: (documentId: string, attempt: number): string => `${documentId}.${attempt}.assemble`,
  // The first filing keeps the id it always had, so a file job queued before an upgrade is not doubled.
  file: (documentId: string, attempt: number, filingAttempt = 1): string =>
    filingAttempt > 1 ? `${documentId}.${attempt}.file.${filingAttempt}` : `${documentId}.${attempt}.file`,
  deliver: (documentId: string, sink: string, delivery: number): string => `${documentId}.deliver.${sink}.${delivery}`,
};
