import type { Binary, Bundle } from '@medplum/fhirtypes';
import { RectoError } from '../../core/errors.ts';
import type { DeliverableDocument } from '../sink.ts';
import { buildDocumentReference } from './document-reference.ts';
import { tokenSearchValue } from './fhir-connection.ts';
import { nameBasedUuid } from './name-based-uuid.ts';

/**
 * The transaction Bundle one delivery sends: the PDF as a Binary and its DocumentReference,
 * created together or not at all.
 *
 * Idempotency: the DocumentReference is a conditional create on its masterIdentifier, so a
 * server that already holds it answers 200 and creates nothing. A Binary has no identifier to
 * search on (and `_tag` in a conditional create is refused by some servers, which accept only
 * `identifier`), so the sink first asks for the DocumentReference and sends this Bundle only
 * when it is absent (fhir-document-sink.ts). A Binary can then be stored twice only when two
 * deliveries of the same document race each other past that question; the second Binary is
 * unreferenced and the receipt says so.
 */
export function buildDocumentBundle(document: DeliverableDocument, documentIdentifierSystem: string): Bundle {
  checkDeliverable(document);
  const binaryFullUrl = `urn:uuid:${nameBasedUuid(documentIdentifierSystem, document.documentId, 'Binary')}`;
  const documentReferenceFullUrl = `urn:uuid:${nameBasedUuid(documentIdentifierSystem, document.documentId, 'DocumentReference')}`;
  const binary: Binary = {
    resourceType: 'Binary',
    contentType: 'application/pdf',
    // Access to the PDF follows access to its DocumentReference (and so to the patient's record).
    securityContext: { reference: documentReferenceFullUrl },
    data: document.pdf.toString('base64'),
  };
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: binaryFullUrl, resource: binary, request: { method: 'POST', url: 'Binary' } },
      {
        fullUrl: documentReferenceFullUrl,
        resource: buildDocumentReference(document, documentIdentifierSystem, binaryFullUrl),
        request: {
          method: 'POST',
          url: 'DocumentReference',
          ifNoneExist: documentReferenceQuery(documentIdentifierSystem, document.documentId),
        },
      },
    ],
  };
}

/** The search (query part only, as ifNoneExist wants it) that finds a delivered document. */
export function documentReferenceQuery(documentIdentifierSystem: string, documentId: string): string {
  return new URLSearchParams({ identifier: tokenSearchValue(documentIdentifierSystem, documentId) }).toString();
}

/**
 * What would make the server file the document wrongly or refuse it. These are permanent:
 * sending the same document again cannot fix them.
 */
function checkDeliverable(document: DeliverableDocument): void {
  const problems: string[] = [];
  if (!/^\d{10}$/.test(document.patient.nhsNumber)) problems.push('the NHS number is not 10 digits');
  if (!document.custodianOds.trim()) problems.push('no custodian ODS code');
  if (Number.isNaN(Date.parse(document.scannedAt))) problems.push(`scannedAt "${document.scannedAt}" is not a date-time`);
  if (document.documentDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(document.documentDate)) {
    problems.push(`documentDate "${document.documentDate}" is not YYYY-MM-DD`);
  }
  if (document.pdf.length === 0) problems.push('the PDF is empty');
  if (!document.documentType.snomedCode) problems.push('the document type has no SNOMED CT code');
  if (problems.length > 0) {
    throw new RectoError('SINK_REJECTED', `Document ${document.documentId} cannot be sent to a FHIR server: ${problems.join('; ')}`);
  }
}
