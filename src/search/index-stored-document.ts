import { RectoError } from '../core/errors.ts';
import type { Sidecar } from '../core/sidecar.ts';
import type { DocumentTypeKey } from '../extract/extracted-fields.ts';
import type { DocumentRecord, Storage } from '../storage/storage.ts';
import type { IndexedDocument, SearchIndex } from './search-index.ts';

/**
 * The patient a document is indexed under: only one a decision confirmed (filed by Recto
 * against the patient index, or approved by a reviewer who gave the identity). Identity as the
 * index or reviewer gave it, never as read off the page.
 */
export interface ConfirmedPatient {
  nhsNumber: string;
  name: string;
  birthDate: string;
  mrn: string | null;
  /** ISO 8601: when the decision was recorded (the audit event's or the approval's time), so a re-run indexes the same. */
  filedAt: string;
}

export interface DocumentCorrections {
  documentType?: DocumentTypeKey;
  documentDate?: string;
  author?: string;
  department?: string;
}

/**
 * Indexes (or re-indexes, replacing every earlier hit) a captured document from its stored
 * sidecar: each page's words with their boxes, and the document type, date, author and
 * department as extraction read them. Patient fields are set only from a confirmed patient:
 * a document not yet filed (no trust configuration, or waiting in review) is found by its
 * words but attributed to no one, so a clinician never sees a machine's unconfirmed reading
 * of who it is about as fact, and a patient's timeline holds only what was filed to them.
 * Idempotent: the same document and decision give the same index entry.
 */
export async function indexStoredDocument(input: {
  storage: Storage;
  search: SearchIndex;
  documentId: string;
  patient: ConfirmedPatient | null;
  /** What a reviewer corrected about the document itself; they override what extraction read. */
  corrected?: DocumentCorrections;
}): Promise<void> {
  const { storage, search, documentId, patient, corrected = {} } = input;
  const document = await storage.metadata.getDocument(documentId);
  if (!document) throw new RectoError('DOCUMENT_NOT_FOUND', `no document ${documentId}`);
  const sidecarKey = document.outputs.sidecarKey;
  if (document.status !== 'done' || !sidecarKey) {
    throw new RectoError('OUTPUT_NOT_READY', `document ${documentId} is ${document.status}: it is indexed once its sidecar is written`);
  }
  const sidecar = JSON.parse((await storage.blobs.get(sidecarKey)).toString('utf8')) as Sidecar;
  await search.indexDocument(indexedDocumentOf(document, sidecar, patient, corrected));
}

/** The index entry of a document from its sidecar (the assembly worker has it in hand before storing it). */
export function indexedDocumentOf(document: Pick<DocumentRecord, 'id' | 'fileName'>, sidecar: Sidecar, patient: ConfirmedPatient | null, corrected: DocumentCorrections = {}): IndexedDocument {
  const { fields } = sidecar;
  return {
    documentId: document.id,
    fileName: document.fileName,
    nhsNumber: patient?.nhsNumber ?? null,
    mrn: patient?.mrn ?? null,
    patientName: patient?.name ?? null,
    birthDate: patient?.birthDate ?? null,
    documentType: corrected.documentType ?? fields.documentType.key,
    documentDate: corrected.documentDate ?? fields.documentDate?.value ?? null,
    // An empty correction says "the document names none".
    author: corrected.author !== undefined ? corrected.author || null : (fields.author?.value ?? null),
    department: corrected.department !== undefined ? corrected.department || null : (fields.department?.value ?? null),
    filedAt: patient?.filedAt ?? null,
    // The decision's time, else the upload's: both fixed, so indexing the same version again writes the same row.
    updatedAt: patient?.filedAt ?? sidecar.createdAt,
    pages: sidecar.pages.map((page) => ({ index: page.index, text: page.text, words: page.words })),
  };
}
