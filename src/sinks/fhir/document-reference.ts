import { createHash } from 'node:crypto';
import { formatHumanName } from '@medplum/core';
import type { DocumentReference } from '@medplum/fhirtypes';
import type { DeliverableDocument } from '../sink.ts';
import { NHS_NUMBER_SYSTEM, ODS_ORGANIZATION_SYSTEM, SNOMED_CT_SYSTEM, UK_CORE_DOCUMENT_REFERENCE_PROFILE } from './nhs-systems.ts';

/**
 * The DocumentReference a filed scan becomes, following UK Core: the patient and the custodian
 * are logical references by national identifier (NHS number, ODS code), because Recto does not
 * know the server's Patient and Organization ids and must not guess them; the server (or its
 * integration engine) resolves them.
 *
 * Left out on purpose: `category` (UK Core binds no value set Recto could fill honestly from
 * a scan) and `context.period` (the date a letter bears is not the period of care it
 * describes; claiming one would be a guess). The document's own date goes where FHIR puts the
 * content's creation: `content.attachment.creation`.
 */
export function buildDocumentReference(
  document: DeliverableDocument,
  documentIdentifierSystem: string,
  binaryFullUrl: string,
): DocumentReference {
  const { patient } = document;
  return {
    resourceType: 'DocumentReference',
    meta: { profile: [UK_CORE_DOCUMENT_REFERENCE_PROFILE] },
    // Stable per document: the conditional create searches on it, so a re-delivery finds it.
    masterIdentifier: { system: documentIdentifierSystem, value: document.documentId },
    status: 'current',
    // A scanned paper record is finished before it is scanned.
    docStatus: 'final',
    type: {
      coding: [{ system: SNOMED_CT_SYSTEM, code: document.documentType.snomedCode, display: document.documentType.display }],
      text: document.documentType.display,
    },
    subject: {
      type: 'Patient',
      identifier: { system: NHS_NUMBER_SYSTEM, value: patient.nhsNumber },
      display: formatHumanName({ given: patient.given, family: patient.family }),
    },
    // When Recto received the scan: the same on every delivery, unlike "now".
    date: new Date(document.scannedAt).toISOString(),
    ...(document.author ? { author: [{ display: document.author }] } : {}),
    custodian: { type: 'Organization', identifier: { system: ODS_ORGANIZATION_SYSTEM, value: document.custodianOds } },
    description: document.title,
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          // The Binary in the same transaction; the server rewrites this to Binary/{id}.
          url: binaryFullUrl,
          size: document.pdf.length,
          // FHIR R4 Attachment.hash: the base64 of the SHA-1 of the data.
          hash: createHash('sha1').update(document.pdf).digest('base64'),
          title: document.title,
          ...(document.documentDate ? { creation: document.documentDate } : {}),
        },
      },
    ],
    ...(document.department ? { context: { practiceSetting: { text: document.department } } } : {}),
  };
}
