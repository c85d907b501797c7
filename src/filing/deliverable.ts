import { RectoError } from '../core/errors.ts';
import { documentTypeEntry } from '../extract/document-types.ts';
import type { DocumentTypeResult, ExtractedFields } from '../extract/extracted-fields.ts';
import { normaliseMrn } from '../matching/in-memory-patient-index.ts';
import type { IndexedPatient } from '../matching/patient-index.ts';
import type { DeliverableDocument, DeliverablePatient } from '../sinks/sink.ts';
import type { DocumentRecord, JsonValue } from '../storage/storage.ts';
import { parseReviewCorrections, type ReviewCorrections } from '../review/review-corrections.ts';
import type { TrustConfig } from './trust-config.ts';

/**
 * The document as every sink receives it. What the document is about (type, date, author,
 * department) is what extraction read, overridden by a reviewer's corrections; who it is
 * about is the patient index entry, never the text on the page: the index is the trusted
 * source, and the page may carry a misspelt name or a day-month swapped birth date that a
 * reviewer accepted.
 */
export interface BuildDeliverableInput {
  /** What a sink is told about the scan (the local runner, with no document store, makes these from the sidecar). */
  document: Pick<DocumentRecord, 'id' | 'sha256' | 'fileName' | 'pageCount' | 'metadata' | 'createdAt'>;
  /** The searchable PDF/A (the document's outputs.pdfKey). */
  pdf: Buffer;
  fields: ExtractedFields;
  /** From the filing match, or patientForApproval for a reviewed document. */
  patient: IndexedPatient;
  /** ReviewItem.corrections, when a person approved the document. */
  corrections?: Record<string, JsonValue>;
  config: Pick<TrustConfig, 'custodianOds'>;
  /** The approving reviewer; otherwise whoever uploaded the scan, if the upload said. */
  userId?: string;
}

export function buildDeliverable(input: BuildDeliverableInput): DeliverableDocument {
  const { document, fields, patient } = input;
  const corrections = parseReviewCorrections(input.corrections);
  if (corrections.nhsNumber !== undefined && corrections.nhsNumber !== patient.nhsNumber) {
    // A caller bug, not a reviewer's: the corrected number and the index entry must be the same person.
    throw new RectoError('APPROVAL_INCOMPLETE', `document ${document.id}: the corrected NHS number is not the patient it is being filed to`);
  }
  if (document.pageCount === null || input.pdf.length === 0) {
    throw new RectoError('OUTPUT_NOT_READY', `document ${document.id} has no finished PDF to deliver yet`);
  }
  const userId = input.userId ?? (typeof document.metadata.uploadedBy === 'string' ? document.metadata.uploadedBy : undefined);
  const documentType = correctedDocumentType(fields.documentType, corrections, input.userId);
  const documentDate = corrections.documentDate ?? fields.documentDate?.value;
  const author = presentText(corrections.author ?? fields.author?.value);
  const department = presentText(corrections.department ?? fields.department?.value);

  return {
    documentId: document.id,
    sha256: document.sha256,
    pdf: input.pdf,
    pageCount: document.pageCount,
    fileName: document.fileName,
    title: documentDate ? `${documentType.display} ${documentDate}` : documentType.display,
    documentType,
    patient: deliverablePatient(patient, corrections, fields),
    ...(documentDate ? { documentDate } : {}),
    ...(author ? { author } : {}),
    ...(department ? { department } : {}),
    custodianOds: input.config.custodianOds,
    scannedAt: document.createdAt,
    ...(userId ? { userId } : {}),
  };
}

function correctedDocumentType(extracted: DocumentTypeResult, corrections: ReviewCorrections, reviewer: string | undefined): DocumentTypeResult {
  if (!corrections.documentType || corrections.documentType === extracted.key) return extracted;
  const entry = documentTypeEntry(corrections.documentType);
  return {
    key: entry.key,
    snomedCode: entry.snomedCode,
    display: entry.display,
    confidence: 100,
    evidence: [`set by reviewer${reviewer ? ` ${reviewer}` : ''} (read as ${extracted.key})`],
  };
}

/**
 * Identity from the index. The hospital number is one the index holds for this patient,
 * preferring the one the reviewer gave, then one printed on the document (the hospital the
 * letter came from), then the index's first.
 */
function deliverablePatient(patient: IndexedPatient, corrections: ReviewCorrections, fields: ExtractedFields): DeliverablePatient {
  const held = new Map(patient.mrns.map((mrn) => [normaliseMrn(mrn), mrn]));
  const wanted = [corrections.mrn, ...(fields.mrns ?? []).map((found) => found.value)].filter((mrn): mrn is string => !!mrn);
  const mrn = wanted.map((candidate) => held.get(normaliseMrn(candidate))).find((found) => found !== undefined) ?? patient.mrns[0];
  return {
    nhsNumber: patient.nhsNumber,
    given: [...patient.given],
    family: patient.family,
    birthDate: patient.birthDate,
    ...(mrn ? { mrn } : {}),
    ...(patient.gpPracticeOds ? { gpPracticeOds: patient.gpPracticeOds } : {}),
  };
}

function presentText(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
