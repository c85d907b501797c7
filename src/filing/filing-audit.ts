import type { ExtractedFields } from '../extract/extracted-fields.ts';
import type { MatchEvidence } from '../matching/match-patient.ts';
import type { AuditEvent, NewAuditEvent } from '../audit/audit-log.ts';
import type { JsonValue } from '../storage/storage.ts';

/**
 * The audit events filing writes about a document (subject: the document id). They are also
 * how a repeated filing job knows what was already decided: the store keeps an append-only
 * trail, so "check the trail, then record" makes a re-run record nothing new. Each event
 * carries the OCR fingerprint it was decided on, so a reprocessed document is decided afresh.
 *
 * Patient data is kept to what identifies the decision: the NHS number filed to, never the
 * name or date of birth (they are in the index, and the review item holds what was read).
 */

export const DOCUMENT_FILED = 'document.filed';
/** Links the document to its review item: the review store finds items by id, not by document. */
export const DOCUMENT_SENT_TO_REVIEW = 'document.sent-to-review';

/** What filing decided about a document before, as far as this run needs to know. */
export interface FilingHistory {
  /** A document.filed event exists for this same OCR: filing again must not audit again. */
  filedOnThisOcr: boolean;
  /** Review items the document was sent to, newest first. */
  reviewItems: Array<{ reviewItemId: string; onThisOcr: boolean }>;
}

/** A filing decision as the trail records it: filed by Recto, or sent to a review item; `ocr` is the fingerprint it was made on. */
export type FilingDecision =
  | { kind: 'filed'; ocr: JsonValue; /** The NHS number filed to. */ nhsNumber: string | null; /** When Recto recorded it. */ at: string }
  | { kind: 'review'; reviewItemId: string; ocr: JsonValue };

/** Every filing decision in a document's trail, newest first. */
export function filingDecisions(trail: AuditEvent[]): FilingDecision[] {
  const decisions: FilingDecision[] = [];
  for (const event of [...trail].reverse()) {
    const after = objectOf(event.after);
    if (!after) continue;
    if (event.action === DOCUMENT_FILED) {
      decisions.push({ kind: 'filed', ocr: after.ocr ?? null, nhsNumber: typeof after.nhsNumber === 'string' ? after.nhsNumber : null, at: event.at });
    }
    if (event.action === DOCUMENT_SENT_TO_REVIEW && typeof after.reviewItemId === 'string') {
      decisions.push({ kind: 'review', reviewItemId: after.reviewItemId, ocr: after.ocr ?? null });
    }
  }
  return decisions;
}

export function filingHistory(trail: AuditEvent[], fingerprint: string): FilingHistory {
  const decisions = filingDecisions(trail);
  return {
    filedOnThisOcr: decisions.some((decision) => decision.kind === 'filed' && decision.ocr === fingerprint),
    reviewItems: decisions.flatMap((decision) =>
      decision.kind === 'review' ? [{ reviewItemId: decision.reviewItemId, onThisOcr: decision.ocr === fingerprint }] : [],
    ),
  };
}

export function filedEvent(input: {
  documentId: string;
  fingerprint: string;
  fields: ExtractedFields;
  evidence: MatchEvidence;
  sinks: string[];
}): NewAuditEvent {
  const { evidence } = input;
  const agreed = ['nhsNumber', 'patientName', 'birthDate', ...(evidence.confirmingMrns.length > 0 ? ['mrn'] : [])];
  return {
    actor: 'recto',
    action: DOCUMENT_FILED,
    subjectId: input.documentId,
    // Makes the document this patient's in the audit log: views of it are views of their record.
    patientNhsNumber: evidence.nhsNumber.value,
    before: null,
    after: {
      nhsNumber: evidence.nhsNumber.value,
      documentType: input.fields.documentType.key,
      sinks: input.sinks,
      evidence: {
        agreed,
        lowestConfidence: Math.round(Math.min(evidence.nhsNumber.confidence, evidence.patientName.confidence, evidence.birthDate.confidence)),
        confirmingMrns: evidence.confirmingMrns.length,
      },
      ocr: input.fingerprint,
    },
  };
}

export function sentToReviewEvent(input: { documentId: string; fingerprint: string; reviewItemId: string; reasonCodes: string[] }): NewAuditEvent {
  return {
    actor: 'recto',
    action: DOCUMENT_SENT_TO_REVIEW,
    subjectId: input.documentId,
    before: null,
    after: { reviewItemId: input.reviewItemId, reasons: input.reasonCodes, ocr: input.fingerprint },
  };
}

function objectOf(value: JsonValue | null): { [key: string]: JsonValue } | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
}
