import { asRectoError } from '../core/errors.ts';
import type { DeliverableDocument, DeliveryReceipt, DocumentSink } from '../sinks/sink.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { DeliveryStore } from '../storage/delivery-store.ts';
import type { JsonValue } from '../storage/storage.ts';

/**
 * One delivery of one document to one sink, with its record: pending while it runs, then
 * delivered with the receipt or failed with the error. The error is rethrown so the caller's
 * queue retries what is retryable (SINK_UNAVAILABLE) and stops on what is not (SINK_REJECTED).
 *
 * A delivery already recorded as delivered is not sent again: every sink is idempotent by
 * document id, but an HL7 interface engine only recognises a repeat if it is set up to, and a
 * second MDM message could show the letter twice in the patient's record. Re-delivering on
 * purpose is a separate, explicit action.
 */
export async function deliverDocument(input: {
  sink: DocumentSink;
  deliverable: DeliverableDocument;
  deliveries: DeliveryStore;
  audit: AuditLog;
  /** A re-delivery someone asked for: send even if it was delivered before. */
  redeliver?: boolean;
  /**
   * When the caller's queue will try this delivery again after a retryable failure (null: it
   * will not, this was the last try). Without it a failure is recorded as failed: the caller
   * (the local runner) does not retry.
   */
  nextAttemptAt?: Date | null;
}): Promise<DeliveryReceipt> {
  const { sink, deliverable, deliveries } = input;
  const { documentId } = deliverable;
  const earlier = (await deliveries.listOf(documentId)).find((delivery) => delivery.sink === sink.name);
  if (!input.redeliver && earlier?.status === 'delivered' && earlier.receipt !== null) {
    return { ...(earlier.receipt as unknown as DeliveryReceipt), alreadyDelivered: true };
  }

  await deliveries.record(documentId, sink.name, { status: 'pending' });
  let receipt: DeliveryReceipt;
  try {
    receipt = await sink.deliver(deliverable);
  } catch (thrown) {
    const error = asRectoError(thrown);
    // Only a failure the queue will really try again is retrying; a refusal or the last try is failed.
    const nextAttemptAt = error.retryable ? (input.nextAttemptAt ?? null) : null;
    await deliveries.record(
      documentId,
      sink.name,
      nextAttemptAt ? { status: 'retrying', error: error.toJSON(), nextAttemptAt } : { status: 'failed', error: error.toJSON() },
    );
    await auditDelivery(input, 'document.delivery-failed', { sink: sink.name, code: error.code, retryable: error.retryable });
    throw error;
  }
  await deliveries.record(documentId, sink.name, { status: 'delivered', receipt: receipt as unknown as JsonValue, error: null });
  await auditDelivery(input, 'document.delivered', { sink: sink.name, redelivery: input.redeliver === true });
  return receipt;
}

/** Where patient data went is part of the audit trail too: which record system, for which patient. */
function auditDelivery(input: { deliverable: DeliverableDocument; audit: AuditLog }, action: string, details: JsonValue): Promise<void> {
  return input.audit.append({
    actor: 'recto',
    action,
    subjectId: input.deliverable.documentId,
    details,
    patientNhsNumber: input.deliverable.patient.nhsNumber,
  });
}
