import { RectoError } from '../core/errors.ts';
import type { DocumentStatus } from './storage.ts';

/**
 * Where a document may go from each status. Staying put is always allowed, so a retried job
 * can repeat its write. What is refused is a stale job undoing newer work: nothing moves a
 * `done` document except an explicit reprocess (back to `queued`).
 */
const NEXT_STATUSES: Record<DocumentStatus, readonly DocumentStatus[]> = {
  queued: ['processing', 'failed'],
  // Back to queued: a stalled job handed to another worker.
  processing: ['done', 'failed', 'queued'],
  failed: ['queued', 'processing'],
  done: ['queued'],
};

export function assertDocumentTransition(id: string, from: DocumentStatus, to: DocumentStatus): void {
  if (from === to || NEXT_STATUSES[from].includes(to)) return;
  throw new RectoError('INVALID_STATUS_TRANSITION', `document ${id} cannot go from ${from} to ${to}`);
}
