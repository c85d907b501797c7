import { RectoError } from '../core/errors.ts';
import { compactNhsNumber, isValidNhsNumber } from '../core/nhs-number.ts';
import { DOCUMENT_TYPES } from '../extract/document-types.ts';
import type { DocumentTypeKey } from '../extract/extracted-fields.ts';
import { tokensOf } from './fold-text.ts';
import { isIsoDate } from './iso-date.ts';
import { type ParsedText, parseSearchText } from './parse-search-text.ts';
import type { SearchQuery } from './search-index.ts';

/**
 * Checks a search once, before any SQL, and puts every filter in the one form the index
 * compares: an unusable search is the caller's mistake (INVALID_SEARCH_QUERY, 400), never an
 * SQLite error or an empty answer that hides the mistake.
 */

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

export interface SearchFilters {
  nhsNumber?: string;
  /** Upper case, no spaces: the form mrnKey() gives the indexed value. */
  mrn?: string;
  /** Folded tokens, every one required in the patient's name. */
  nameTokens?: string[];
  birthDate?: string;
  types?: DocumentTypeKey[];
  from?: string;
  to?: string;
}

export interface ValidSearch {
  text: ParsedText | null;
  filters: SearchFilters;
  limit: number;
  cursor: string | undefined;
}

const TYPE_KEYS = new Set<string>(DOCUMENT_TYPES.map((entry) => entry.key));

/**
 * The document types a caller asked for, each given once or several to a value separated by
 * commas (`type=a&type=b` or `type=a,b`, `--type a,b`); none asked for stays undefined. Unknown
 * keys are left for validateSearchQuery to refuse by name.
 */
export function requestedDocumentTypes(values: readonly string[] | undefined): DocumentTypeKey[] | undefined {
  return values?.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean) as DocumentTypeKey[] | undefined;
}

export function validateSearchQuery(query: SearchQuery): ValidSearch {
  const text = query.text?.trim() ? parseSearchText(query.text) : null;
  const filters = validFilters(query);
  if (!text && Object.keys(filters).length === 0) {
    throw invalid('give words to search for, or a filter (NHS number, MRN, name, date of birth, type or dates)');
  }
  return { text, filters, limit: validLimit(query.limit), cursor: query.cursor };
}

/** Hospital numbers are compared as extraction normalises them: spaceless, upper case. */
export function mrnKey(mrn: string): string {
  return mrn.replace(/\s+/g, '').toUpperCase();
}

function validFilters(query: SearchQuery): SearchFilters {
  const filters: SearchFilters = {};
  if (query.nhsNumber !== undefined) {
    const nhsNumber = compactNhsNumber(query.nhsNumber);
    if (!isValidNhsNumber(nhsNumber)) throw invalid(`"${clip(query.nhsNumber)}" is not a valid NHS number (10 digits, modulus 11)`);
    filters.nhsNumber = nhsNumber;
  }
  if (query.mrn !== undefined) {
    const mrn = mrnKey(query.mrn);
    if (mrn.length === 0 || mrn.length > 40) throw invalid('the MRN filter must be 1 to 40 characters');
    filters.mrn = mrn;
  }
  if (query.name !== undefined) {
    const nameTokens = tokensOf(query.name.slice(0, 200));
    if (nameTokens.length === 0 || nameTokens.length > 8) throw invalid('the name filter must have 1 to 8 words');
    filters.nameTokens = nameTokens;
  }
  if (query.birthDate !== undefined) filters.birthDate = validDate('birthDate', query.birthDate);
  if (query.types !== undefined && query.types.length > 0) {
    const unknown = query.types.filter((type) => !TYPE_KEYS.has(type));
    if (unknown.length > 0) throw invalid(`unknown document type ${clip(unknown.join(', '))}; known: ${[...TYPE_KEYS].join(', ')}`);
    filters.types = [...new Set(query.types)];
  }
  if (query.from !== undefined) filters.from = validDate('from', query.from);
  if (query.to !== undefined) filters.to = validDate('to', query.to);
  if (filters.from && filters.to && filters.from > filters.to) throw invalid(`from (${filters.from}) is after to (${filters.to})`);
  return filters;
}

function validDate(field: string, value: string): string {
  if (!isIsoDate(value)) throw invalid(`${field} "${clip(value)}" is not a date written YYYY-MM-DD`);
  return value;
}

function validLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_SEARCH_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw invalid(`limit ${limit} is out of range: give a whole number from 1 to ${MAX_SEARCH_LIMIT}`);
  }
  return limit;
}

/** Echoes bad input back without letting a 10 kB value into the message. */
function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

function invalid(message: string): RectoError {
  return new RectoError('INVALID_SEARCH_QUERY', message);
}
