import type { AuditLog } from '../audit/audit-log.ts';
import type { ExtractedFields } from '../extract/extracted-fields.ts';
import { normaliseMrn } from '../matching/in-memory-patient-index.ts';
import type { IndexedPatient, PatientIndex } from '../matching/patient-index.ts';
import { extractedFieldsOf } from '../review/approval-patient.ts';
import { parseReviewCorrections } from '../review/review-corrections.ts';
import type { ReviewItem, ReviewStore } from '../review/review-store.ts';
import { type ConfirmedPatient, indexStoredDocument } from '../search/index-stored-document.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { Storage } from '../storage/storage.ts';
import type { FilingResult } from './file-document.ts';
import { filingDecisions } from './filing-audit.ts';

/**
 * Keeps the search index in step with filing decisions: a filed document is indexed under the
 * patient the index confirmed; one in review under no patient until a reviewer approves it with
 * the patient's identity, then under that patient. Both are safe to run again (a re-run of the
 * file job, a stalled job taken over): the same decision indexes the same entry.
 */

export interface FilingIndexInput {
  storage: Storage;
  search: SearchIndex;
  audit: AuditLog;
  review: ReviewStore;
  /** For the confirmed patient's hospital number (the index's, not the page's). */
  patientIndex: PatientIndex;
}

/** After the file worker's decision. A review item already approved (a re-run after approval) keeps its patient. */
export async function indexFilingOutcome(input: FilingIndexInput, documentId: string, result: FilingResult): Promise<void> {
  const { storage, search } = input;
  if (result.outcome === 'filed') {
    await indexFiledDocument(input, documentId, result.patient, result.fields);
    return;
  }
  const item = await input.review.getItem(result.reviewItemId);
  if (item?.status === 'approved') {
    await indexApprovedItem(input, item);
    return;
  }
  await indexStoredDocument({ storage, search, documentId, patient: null });
}

/**
 * A document Recto filed itself: under the patient as the index gives them, at the time its
 * document.filed event records. `fields` (what was read) picks the hospital number.
 */
export async function indexFiledDocument(
  input: Omit<FilingIndexInput, 'review' | 'patientIndex'>,
  documentId: string,
  patient: IndexedPatient,
  fields: Pick<ExtractedFields, 'mrns'>,
): Promise<void> {
  const filedAt = await filedAtOf(input.audit, documentId);
  await indexStoredDocument({ storage: input.storage, search: input.search, documentId, patient: patientOf(patient, fields, filedAt) });
}

/** After a reviewer's approval: under the identity they gave (checked against the index), with their corrections to the document. */
export async function indexApprovedItem(input: Omit<FilingIndexInput, 'audit' | 'review'>, item: ReviewItem): Promise<void> {
  const corrections = parseReviewCorrections(item.corrections, item.id);
  const { nhsNumber, given, family, birthDate } = corrections;
  const extracted = extractedFieldsOf(item);
  // An approval always carries the four; an item without them was not approved (a bug upstream), so index it unattributed.
  const indexed = nhsNumber && given && family && birthDate ? await input.patientIndex.findByNhsNumber(nhsNumber) : null;
  const patient: ConfirmedPatient | null =
    nhsNumber && given && family && birthDate
      ? {
          nhsNumber,
          // The index's spelling when it has the patient (the approval was checked against it), else the reviewer's.
          name: indexed ? [...indexed.given, indexed.family].join(' ') : [...given, family].join(' '),
          birthDate,
          mrn: corrections.mrn ?? (indexed ? mrnOf(indexed, extracted) : null),
          filedAt: item.updatedAt,
        }
      : null;
  const { documentType, documentDate, author, department } = corrections;
  await indexStoredDocument({ storage: input.storage, search: input.search, documentId: item.documentId, patient, corrected: { documentType, documentDate, author, department } });
}

function patientOf(patient: IndexedPatient, fields: Pick<ExtractedFields, 'mrns'>, filedAt: string): ConfirmedPatient {
  return { nhsNumber: patient.nhsNumber, name: [...patient.given, patient.family].join(' '), birthDate: patient.birthDate, mrn: mrnOf(patient, fields), filedAt };
}

/** The hospital number read on the page when the index holds it for this patient, else the index's first. */
function mrnOf(patient: IndexedPatient, fields: Pick<ExtractedFields, 'mrns'>): string | null {
  const held = new Set(patient.mrns.map(normaliseMrn));
  const read = (fields.mrns ?? []).find((mrn) => held.has(normaliseMrn(mrn.value)));
  return read?.value ?? patient.mrns[0] ?? null;
}

/** When Recto recorded the filing (its audit event), so indexing the same decision again gives the same entry. */
async function filedAtOf(audit: AuditLog, documentId: string): Promise<string> {
  const filed = filingDecisions(await audit.trailOf(documentId)).find((decision) => decision.kind === 'filed');
  return filed?.at ?? new Date().toISOString();
}
