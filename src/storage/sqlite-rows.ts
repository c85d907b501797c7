import type { InputFormat } from '../core/types.ts';
import type { DocumentRecord, DocumentStatus, FilingState, FilingStatus, PageRecord, PageStatus } from './storage.ts';

/** Rows as SQLite returns them, and their translation to the records the store hands out. */

export interface DocumentRow {
  id: string;
  sha256: string;
  original_key: string;
  file_name: string;
  size_bytes: number;
  format: string;
  status: string;
  page_count: number | null;
  error: string | null;
  metadata: string;
  outputs: string;
  attempts: number;
  timings: string;
  created_at: number;
  updated_at: number;
  filing: string | null;
  filing_error: string | null;
  filing_attempts: number;
  filing_updated_at: number | null;
}

export interface PageRow {
  document_id: string;
  page_index: number;
  status: string;
  image_key: string | null;
  cleaned_key: string | null;
  ocr_key: string | null;
  error: string | null;
  timings: string;
  updated_at: number;
}

export function documentFromRow(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    sha256: row.sha256,
    originalKey: row.original_key,
    fileName: row.file_name,
    sizeBytes: row.size_bytes,
    // The CHECK constraints keep these columns to the union's values.
    format: row.format as InputFormat,
    status: row.status as DocumentStatus,
    pageCount: row.page_count,
    error: row.error === null ? null : JSON.parse(row.error),
    metadata: JSON.parse(row.metadata),
    outputs: JSON.parse(row.outputs),
    attempts: row.attempts,
    filing: filingFromRow(row),
    timingsMs: JSON.parse(row.timings),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function filingFromRow(row: DocumentRow): FilingState | null {
  if (row.filing === null) return null;
  return {
    status: row.filing as FilingStatus,
    error: row.filing_error === null ? null : JSON.parse(row.filing_error),
    attempts: row.filing_attempts,
    updatedAt: new Date(row.filing_updated_at ?? row.updated_at).toISOString(),
  };
}

export function pageFromRow(row: PageRow): PageRecord {
  return {
    documentId: row.document_id,
    index: row.page_index,
    status: row.status as PageStatus,
    imageKey: row.image_key,
    cleanedKey: row.cleaned_key,
    ocrKey: row.ocr_key,
    error: row.error === null ? null : JSON.parse(row.error),
    timingsMs: JSON.parse(row.timings),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** null stays SQL NULL rather than becoming the JSON text 'null'. */
export function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
