import { createHash } from 'node:crypto';
import { createHL7Date } from 'node-hl7-client';
import { RectoError } from '../../core/errors.ts';
import { isValidNhsNumber } from '../../core/nhs-number.ts';
import type { DeliverableDocument } from '../sink.ts';
import type { Hl7SinkConfig } from './hl7-sink-config.ts';
import { hl7Message, hl7MessageHeader, hl7Segment } from './hl7-segment.ts';

/**
 * One filed document as an HL7 v2.5.1 MDM^T02 (original document notification and content):
 * MSH, EVN, PID, PV1, TXA, OBX with the PDF as base64 ED. Every value is escaped on its way in
 * (hl7-segment.ts, hl7-escape.ts): delimiters become escape sequences and control characters
 * (CR, LF, the MLLP framing bytes) spaces, so a name like "Smith\rPID|..." cannot add a segment.
 *
 * Idempotency: MSH-10 and TXA-12 come from the document id alone, so a re-delivery is the same
 * message (only MSH-7/EVN-2 times differ) and the receiver can de-duplicate on TXA-12 (the
 * unique document number, the usual key interface engines and EPRs refuse repeats by) or MSH-10.
 */

export interface MdmMessage {
  text: string;
  /** MSH-10: at most 20 characters, the v2.5.1 limit many receivers enforce. */
  controlId: string;
  /** TXA-12.1: the Recto document id, namespaced by TXA-12.2 (the sending application). */
  documentNumber: string;
}

/** 20 hex characters (80 bits) of SHA-256 of the document id: fits MSH-10 and never changes. */
export function messageControlIdFor(documentId: string): string {
  return createHash('sha256').update(documentId).digest('hex').slice(0, 20).toUpperCase();
}

export function buildMdmT02(document: DeliverableDocument, config: Hl7SinkConfig, now: Date): MdmMessage {
  assertDeliverable(document);
  const controlId = messageControlIdFor(document.documentId);
  const { patient, documentType } = document;
  const documentDate = document.documentDate ? hl7Date(document.documentDate) : undefined;
  const documentCode = [documentType.snomedCode, documentType.display, 'SCT'];
  const identifiers = [[patient.nhsNumber, undefined, undefined, 'NHS', 'NH']];
  if (patient.mrn) identifiers.push([patient.mrn, undefined, undefined, document.custodianOds, 'MR']);

  // Values go in raw: hl7-segment.ts escapes every one of them.
  const text = hl7Message([
    hl7MessageHeader({
      3: config.sendingApplication,
      4: config.sendingFacility ?? document.custodianOds,
      5: config.receivingApplication,
      6: config.receivingFacility,
      7: createHL7Date(now, '14'),
      9: ['MDM', 'T02', 'MDM_T02'],
      10: controlId,
      11: config.processingId,
      12: '2.5.1',
      // Names may carry accents; say how the bytes are to be read.
      18: 'UNICODE UTF-8',
    }),
    hl7Segment('EVN', { 1: 'T02', 2: createHL7Date(now, '14') }),
    hl7Segment('PID', {
      1: '1',
      3: { repeat: identifiers },
      5: [patient.family, patient.given[0], patient.given.length > 1 ? patient.given.slice(1).join(' ') : undefined],
      7: hl7Date(patient.birthDate),
    }),
    // PV1-2 N: not applicable; a scanned document is not tied to a visit Recto knows about.
    hl7Segment('PV1', { 1: '1', 2: 'N' }),
    hl7Segment('TXA', {
      1: '1',
      2: documentCode,
      3: 'AP',
      4: documentDate,
      12: [document.documentId, config.sendingApplication],
      16: document.fileName,
      // AU: authenticated; the document was matched to its patient by rule or by a person.
      17: 'AU',
      19: 'AV',
    }),
    hl7Segment('OBX', {
      1: '1',
      2: 'ED',
      3: documentCode,
      5: [undefined, 'application', 'pdf', 'Base64', document.pdf.toString('base64')],
      11: 'F',
      14: documentDate,
    }),
  ]);

  return { text, controlId, documentNumber: document.documentId };
}

/** A document the sink can never send is refused for good rather than retried. */
function assertDeliverable(document: DeliverableDocument): void {
  const problems: string[] = [];
  if (!isValidNhsNumber(document.patient.nhsNumber)) problems.push('the patient has no valid NHS number');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(document.patient.birthDate)) problems.push('the patient has no date of birth (YYYY-MM-DD)');
  if (document.patient.family.trim() === '') problems.push('the patient has no family name');
  if (document.pdf.length === 0) problems.push('the PDF is empty');
  if (problems.length > 0) {
    throw new RectoError('SINK_REJECTED', `document ${document.documentId} cannot be sent as HL7: ${problems.join('; ')}`);
  }
}

/** YYYY-MM-DD → YYYYMMDD (HL7 DT). */
function hl7Date(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}
