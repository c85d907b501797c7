import { asRectoError, RectoError } from '../core/errors.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { DocumentRecord, MetadataStore } from '../storage/storage.ts';

/** Who asked for a failed filing to be tried again, and what it had failed with. */
export const REFILE_REQUESTED = 'document.refile-requested';

/** Which file job to queue: this capture attempt's, with a filing attempt number no job has had. */
export interface FilingJobRequest {
  documentId: string;
  attempt: number;
  filingAttempt: number;
}

export interface RefileInput {
  metadata: MetadataStore;
  audit: AuditLog;
  documentId: string;
  /** Who asked (the signed-in person's id), for the audit trail. */
  by: string;
  queueFiling(request: FilingJobRequest): Promise<void>;
}

/**
 * Files again a document whose filing failed (its file job ran out of tries: say the patient
 * index was down for longer than the retries last). The failed filing is claimed first
 * (failed → pending, under the store's write lock, so of two people asking at once one wins
 * and the other is refused), who asked is recorded, and a new file job is queued under a new
 * job id (a finished one with the old id would make BullMQ ignore it). Filing is idempotent on
 * the document's OCR, so a decision recorded before the failure is not recorded twice.
 *
 * Throws DOCUMENT_NOT_FOUND, or FILING_NOT_FAILED when the filing is anything but failed:
 * pending work is never doubled, and a filed or reviewed document was decided.
 */
export async function refileDocument(input: RefileInput): Promise<DocumentRecord> {
  const { metadata, documentId } = input;
  const document = await metadata.getDocument(documentId);
  if (!document) throw new RectoError('DOCUMENT_NOT_FOUND', `no document ${documentId}`);
  const failed = document.filing;
  if (failed?.status !== 'failed') throw notFailed(documentId, failed?.status);
  const pending = await metadata.updateFiling(documentId, { status: 'pending', ifStatus: 'failed' }).catch((error: unknown) => {
    if (error instanceof RectoError && error.code === 'INVALID_STATUS_TRANSITION') throw notFailed(documentId, 'no longer failed');
    throw error;
  });
  const filingAttempt = pending.filing?.attempts ?? failed.attempts + 1;
  await input.audit.append({
    actor: input.by,
    action: REFILE_REQUESTED,
    subjectId: documentId,
    before: { filing: 'failed', error: failed.error?.code ?? null, attempts: failed.attempts },
    after: { filing: 'pending', attempts: filingAttempt },
  });
  try {
    await input.queueFiling({ documentId, attempt: document.attempts, filingAttempt });
  } catch (thrown) {
    // Not left pending with no job behind it: failed again, with why, so it can be re-filed.
    const error = asRectoError(thrown);
    await metadata.updateFiling(documentId, { status: 'failed', error: error.toJSON(), ifStatus: 'pending' });
    throw error;
  }
  return pending;
}

function notFailed(documentId: string, status: string | undefined): RectoError {
  return new RectoError(
    'FILING_NOT_FAILED',
    `the filing of document ${documentId} is ${status ?? 'not queued (no trust configuration, or not yet captured)'}; only a failed filing can be re-filed`,
  );
}
