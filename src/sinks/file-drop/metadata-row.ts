import type { DeliverableDocument } from '../sink.ts';
import type { FileDropConfig } from './file-drop-config.ts';

/**
 * One metadata.csv row in the national staging layout the National Document Repository's bulk
 * upload reads (column names and order as in its own test data):
 *
 * | column           | Recto writes |
 * |------------------|--------------|
 * | FILEPATH         | the PDF's path relative to metadata.csv: `<GP ODS code>/<file name>` |
 * | PAGE COUNT       | pages in the PDF |
 * | GP-PRACTICE-CODE | ODS code of the practice the patient is registered with (required: the upload refuses rows without it) |
 * | NHS-NO           | 10 digits |
 * | SECTION          | LG (configurable) |
 * | SUB-SECTION      | empty |
 * | SCAN-DATE        | the day the paper was scanned, DD/MM/YYYY, UK time |
 * | SCAN-ID          | who scanned (configured: supplier or trust short name) |
 * | USER-ID          | who scanned or approved the document, else the configured default |
 * | UPLOAD           | the day Recto dropped the file, DD/MM/YYYY, UK time |
 */

export const METADATA_COLUMNS = [
  'FILEPATH',
  'PAGE COUNT',
  'GP-PRACTICE-CODE',
  'NHS-NO',
  'SECTION',
  'SUB-SECTION',
  'SCAN-DATE',
  'SCAN-ID',
  'USER-ID',
  'UPLOAD',
] as const;

export type MetadataColumn = (typeof METADATA_COLUMNS)[number];
export type MetadataRow = Record<MetadataColumn, string>;

// Dates are the day in England, not in UTC: a scan at 00:30 BST belongs to that day.
const UK_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: '2-digit', month: '2-digit', year: 'numeric' });

/** DD/MM/YYYY in UK time. */
export function ukDay(instant: Date): string {
  return UK_DAY.format(instant);
}

export function metadataRowFor(
  document: DeliverableDocument,
  filePath: string,
  gpPracticeOds: string,
  config: FileDropConfig,
  droppedAt: Date,
): MetadataRow {
  return {
    FILEPATH: filePath,
    'PAGE COUNT': String(document.pageCount),
    'GP-PRACTICE-CODE': gpPracticeOds,
    'NHS-NO': document.patient.nhsNumber,
    SECTION: config.section,
    'SUB-SECTION': '',
    'SCAN-DATE': ukDay(new Date(document.scannedAt)),
    'SCAN-ID': config.scanId,
    'USER-ID': document.userId ?? config.defaultUserId,
    UPLOAD: ukDay(droppedAt),
  };
}
