import type { AuditLog } from '../audit/audit-log.ts';
import { asRectoError, RectoError } from '../core/errors.ts';
import type { Sidecar } from '../core/sidecar.ts';
import { buildDeliverable } from '../filing/deliverable.ts';
import type { TrustServices } from '../filing/open-trust-services.ts';
import type { TrustConfig } from '../filing/trust-config.ts';
import type { IndexedPatient } from '../matching/patient-index.ts';
import type { ReviewReason } from '../matching/review-reasons.ts';
import { decide } from '../stages/decide/decide.ts';
import type { StoredError } from '../storage/storage.ts';

/**
 * Filing as `recto scan --trust-config` runs it: the decide stage the service's file worker
 * runs, on the fields the sidecar holds, against the trust's patient index; with --deliver, a
 * filed document goes to the sinks its type is routed to. A document sent to review is never
 * delivered: there is no reviewer in a batch run, so it waits for the service.
 *
 * There is no document store here: the document's id (every sink's idempotency key) is its
 * original's SHA-256, so scanning and delivering the same file again creates nothing twice in a
 * FHIR server or a file drop. Each delivery is an event in the audit log of the data folder
 * (DATA_DIR), by the person who ran the command: where patient data went is audited however it
 * was sent; and a document that log says was delivered to a sink is not sent there again by a
 * re-run (an HL7 interface engine would show a second MDM message twice). The service's
 * delivery records are kept per stored document, which a batch run has none of.
 */

export interface LocalFiling {
  config: TrustConfig;
  services: TrustServices;
  /** With --deliver: the audit log each delivery is recorded in, and who asked. */
  deliver?: { audit: AuditLog; actor: string };
}

/** Who a document was filed to: enough for a person to check, no more. */
export type FiledPatient = Pick<IndexedPatient, 'nhsNumber' | 'given' | 'family'>;

export type DeliveryOutcome =
  | { sink: string; status: 'delivered'; remoteId: string; alreadyDelivered: boolean }
  | { sink: string; status: 'failed'; error: StoredError };

export type FilingOutcome =
  | { outcome: 'file'; patient: FiledPatient; sinks: string[]; deliveries: DeliveryOutcome[] }
  | { outcome: 'review'; reasons: Array<Pick<ReviewReason, 'code' | 'message'>> }
  /** The index could not be asked (down, or a broken export): nothing was decided. */
  | { outcome: 'failed'; error: StoredError };

export async function fileLocally(scanned: { sidecar: Sidecar; pdf: Uint8Array | null }, filing: LocalFiling): Promise<FilingOutcome> {
  const { sidecar } = scanned;
  let decision: Awaited<ReturnType<typeof decide>>;
  try {
    decision = await decide(sidecar.fields, filing.services.index, filing.config, sidecar.pages);
  } catch (error) {
    return { outcome: 'failed', error: asRectoError(error).toJSON() };
  }
  if (decision.outcome === 'review') {
    return { outcome: 'review', reasons: decision.reasons.map(({ code, message }) => ({ code, message })) };
  }
  const { patient, sinks } = decision;
  const deliveries: DeliveryOutcome[] = [];
  if (filing.deliver) {
    for (const name of sinks) deliveries.push(await deliverTo(name, scanned, patient, filing, filing.deliver));
  }
  return { outcome: 'file', patient: { nhsNumber: patient.nhsNumber, given: patient.given, family: patient.family }, sinks, deliveries };
}

async function deliverTo(
  name: string,
  { sidecar, pdf }: { sidecar: Sidecar; pdf: Uint8Array | null },
  patient: IndexedPatient,
  filing: LocalFiling,
  record: NonNullable<LocalFiling['deliver']>,
): Promise<DeliveryOutcome> {
  try {
    const sink = filing.services.sinks.get(name);
    // The trust config is checked at load: every routed sink exists.
    if (!sink) throw new RectoError('INVALID_TRUST_CONFIG', `no sink named ${name} in the trust configuration`);
    const deliverable = buildDeliverable({
      document: {
        id: `sha256:${sidecar.source.sha256}`,
        sha256: sidecar.source.sha256,
        fileName: sidecar.source.fileName,
        pageCount: sidecar.pageCount,
        metadata: {},
        createdAt: sidecar.createdAt,
      },
      pdf: pdf ? Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength) : Buffer.alloc(0),
      fields: sidecar.fields,
      patient,
      config: filing.config,
    });
    const earlier = await earlierDelivery(record.audit, deliverable.documentId, name);
    if (earlier) return { sink: name, status: 'delivered', remoteId: earlier.remoteId, alreadyDelivered: true };
    const audited = { actor: record.actor, subjectId: deliverable.documentId, patientNhsNumber: patient.nhsNumber };
    try {
      const receipt = await sink.deliver(deliverable);
      await record.audit.append({ ...audited, action: 'document.delivered', details: { sink: name, remoteId: receipt.remoteId, by: 'recto scan' } });
      return { sink: name, status: 'delivered', remoteId: receipt.remoteId, alreadyDelivered: receipt.alreadyDelivered };
    } catch (thrown) {
      const error = asRectoError(thrown);
      await record.audit.append({ ...audited, action: 'document.delivery-failed', details: { sink: name, code: error.code, retryable: error.retryable, by: 'recto scan' } });
      throw error;
    }
  } catch (error) {
    return { sink: name, status: 'failed', error: asRectoError(error).toJSON() };
  }
}

/** The delivery of this document to this sink the audit log already holds, if any. */
async function earlierDelivery(audit: AuditLog, documentId: string, sink: string): Promise<{ remoteId: string } | null> {
  for (const event of await audit.trailOf(documentId)) {
    const details = event.details as { sink?: unknown; remoteId?: unknown } | null;
    if (event.action === 'document.delivered' && details?.sink === sink && typeof details.remoteId === 'string') return { remoteId: details.remoteId };
  }
  return null;
}
