import { RectoError } from '../../src/core/errors.ts';
import type { PatientIndex } from '../../src/matching/patient-index.ts';
import { resolveApproval } from '../../src/review/approval-patient.ts';
import type { QueueHarness } from './queue-harness.ts';

/**
 * Filing as the review pages' browser tests need it: approvals checked against `index` by the
 * real rules, an approved item recorded as delivered to `sink` at once (no record system
 * running), and re-delivery and re-filing refused, since these tests never reach them.
 */
export function reviewOnlyFiling(harness: QueueHarness, index: PatientIndex, sink: string) {
  const notHere = async (): Promise<never> => {
    throw new RectoError('FILING_NOT_CONFIGURED', 'not used by these tests');
  };
  return {
    checkApproval: (item: Parameters<typeof resolveApproval>[0], request: Parameters<typeof resolveApproval>[1]) => resolveApproval(item, request, index),
    deliverApproved: async (item: { documentId: string }) => {
      await harness.storage.deliveries.record(item.documentId, sink, { status: 'delivered' });
    },
    redeliver: notHere,
    refile: notHere,
    patientIndex: index,
  };
}
