import { RectoError } from '../core/errors.ts';
import { isValidNhsNumber } from '../core/nhs-number.ts';
import { DOCUMENT_TYPES } from '../extract/document-types.ts';
import { isIsoDate } from './iso-date.ts';
import type { IndexedDocument } from './search-index.ts';
import { PAGES_PER_DOCUMENT } from './page-key.ts';

const TYPE_KEYS = new Set<string>(DOCUMENT_TYPES.map((entry) => entry.key));

/**
 * Refuses a document the index could only hold wrongly: a malformed NHS number would file its
 * pages under no patient a clinician can search for, and a date in another form would sort
 * out of place in every timeline. The caller is Recto's own pipeline, so this is a bug there.
 */
export function validateIndexedDocument(document: IndexedDocument): void {
  const problem = problemOf(document);
  if (problem) throw new RectoError('INVALID_SEARCH_DOCUMENT', `document ${JSON.stringify(document.documentId)}: ${problem}`);
}

function problemOf(document: IndexedDocument): string | undefined {
  if (typeof document.documentId !== 'string' || document.documentId.length === 0) return 'the document id is empty';
  if (document.nhsNumber !== null && !isValidNhsNumber(document.nhsNumber)) return `NHS number ${document.nhsNumber} is not 10 digits passing modulus 11`;
  for (const field of ['birthDate', 'documentDate'] as const) {
    const value = document[field];
    if (value !== null && !isIsoDate(value)) return `${field} ${JSON.stringify(value)} is not YYYY-MM-DD`;
  }
  if (document.documentType !== null && !TYPE_KEYS.has(document.documentType)) return `unknown document type ${document.documentType}`;
  const seen = new Set<number>();
  for (const page of document.pages) {
    if (!Number.isInteger(page.index) || page.index < 0 || page.index >= PAGES_PER_DOCUMENT) {
      return `page index ${page.index} is not a whole number from 0 to ${PAGES_PER_DOCUMENT - 1}`;
    }
    if (seen.has(page.index)) return `page ${page.index} is given twice`;
    seen.add(page.index);
  }
  return undefined;
}
