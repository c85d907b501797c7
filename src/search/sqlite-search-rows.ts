import type { DocumentTypeKey } from '../extract/extracted-fields.ts';
import type { IndexedDocumentFields } from './search-index.ts';
import { mrnKey } from './validate-search-query.ts';

/** A search_documents row, as SQLite hands it back and as the writer binds it. */
export interface DocumentRow {
  document_id: string;
  file_name: string;
  nhs_number: string | null;
  mrn: string | null;
  mrn_key: string | null;
  patient_name: string | null;
  birth_date: string | null;
  document_type: string | null;
  document_date: string | null;
  date_key: string;
  author: string | null;
  department: string | null;
  filed_at: string | null;
  updated_at: string;
  page_count: number;
}

export function documentRowOf(fields: IndexedDocumentFields, pageCount: number): DocumentRow {
  return {
    document_id: fields.documentId,
    file_name: fields.fileName,
    nhs_number: fields.nhsNumber,
    mrn: fields.mrn,
    mrn_key: fields.mrn === null ? null : mrnKey(fields.mrn),
    patient_name: fields.patientName,
    birth_date: fields.birthDate,
    document_type: fields.documentType,
    document_date: fields.documentDate,
    date_key: fields.documentDate ?? '',
    author: fields.author,
    department: fields.department,
    filed_at: fields.filedAt,
    updated_at: fields.updatedAt,
    page_count: pageCount,
  };
}

export function fieldsOfRow(row: DocumentRow): IndexedDocumentFields {
  return {
    documentId: row.document_id,
    fileName: row.file_name,
    nhsNumber: row.nhs_number,
    mrn: row.mrn,
    patientName: row.patient_name,
    birthDate: row.birth_date,
    documentType: row.document_type as DocumentTypeKey | null,
    documentDate: row.document_date,
    author: row.author,
    department: row.department,
    filedAt: row.filed_at,
    updatedAt: row.updated_at,
  };
}
