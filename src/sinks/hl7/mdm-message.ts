import { createHash } from 'node:crypto';
import { createHL7Date, Message } from 'node-hl7-client';
import { HL7_2_5_1 } from 'node-hl7-client/hl7';
import { RectoError } from '../../core/errors.ts';
import { isValidNhsNumber } from '../../core/nhs-number.ts';
import type { DeliverableDocument } from '../sink.ts';
import type { Hl7SinkConfig } from './hl7-sink-config.ts';

/**
 * One filed document as an HL7 v2.5.1 MDM^T02 (original document notification and content):
 * MSH, EVN, PID, PV1, TXA, OBX with the PDF as base64 ED. The library escapes HL7 delimiters
 * (| ^ ~ \ &) in every value set here, so names like "O'Neill|Smith" cannot break the message.
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
  const { patient } = document;

  const message = new Message({
    specification: new HL7_2_5_1(),
    messageHeader: { msh_9_1: 'MDM', msh_9_2: 'T02', msh_9_3: 'MDM_T02', msh_10: controlId, msh_11_1: config.processingId },
  });
  message.set('MSH.3', config.sendingApplication);
  message.set('MSH.4', config.sendingFacility ?? document.custodianOds);
  message.set('MSH.5', config.receivingApplication);
  message.set('MSH.6', config.receivingFacility);
  message.set('MSH.7', createHL7Date(now, '14'));
  // Names may carry accents; say how the bytes are to be read.
  message.set('MSH.18', 'UNICODE UTF-8');

  const evn = message.addSegment('EVN');
  evn.set('1', 'T02');
  evn.set('2', createHL7Date(now, '14'));

  const pid = message.addSegment('PID');
  pid.set('1', '1');
  const identifiers = pid.set('3');
  identifiers.set(0).set('1', patient.nhsNumber);
  identifiers.set(0).set('4', 'NHS');
  identifiers.set(0).set('5', 'NH');
  if (patient.mrn) {
    identifiers.set(1).set('1', patient.mrn);
    identifiers.set(1).set('4', document.custodianOds);
    identifiers.set(1).set('5', 'MR');
  }
  pid.set('5.1', patient.family);
  if (patient.given[0]) pid.set('5.2', patient.given[0]);
  if (patient.given.length > 1) pid.set('5.3', patient.given.slice(1).join(' '));
  pid.set('7', hl7Date(patient.birthDate));

  const pv1 = message.addSegment('PV1');
  pv1.set('1', '1');
  // N: not applicable; a scanned document is not tied to a visit Recto knows about.
  pv1.set('2', 'N');

  const { documentType } = document;
  const txa = message.addSegment('TXA');
  txa.set('1', '1');
  txa.set('2.1', documentType.snomedCode);
  txa.set('2.2', documentType.display);
  txa.set('2.3', 'SCT');
  txa.set('3', 'AP');
  if (document.documentDate) txa.set('4', hl7Date(document.documentDate));
  txa.set('12.1', document.documentId);
  txa.set('12.2', config.sendingApplication);
  txa.set('16', document.fileName);
  // AU: authenticated; the document was matched to its patient by rule or by a person.
  txa.set('17', 'AU');
  txa.set('19', 'AV');

  const obx = message.addSegment('OBX');
  obx.set('1', '1');
  obx.set('2', 'ED');
  obx.set('3.1', documentType.snomedCode);
  obx.set('3.2', documentType.display);
  obx.set('3.3', 'SCT');
  obx.set('5.2', 'application');
  obx.set('5.3', 'pdf');
  obx.set('5.4', 'Base64');
  obx.set('5.5', document.pdf.toString('base64'));
  obx.set('11', 'F');
  if (document.documentDate) obx.set('14', hl7Date(document.documentDate));

  return { text: message.toString(), controlId, documentNumber: document.documentId };
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
