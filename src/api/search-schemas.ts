import { DOCUMENT_TYPES } from '../extract/document-types.ts';
import { nullable } from './schemas.ts';

/**
 * JSON Schemas of the search API (src/api/routes/search.ts), in the style of schemas.ts: they
 * validate the query and make the OpenAPI document. Query values are taken as strings and
 * checked by the index's own validation (validateSearchQuery), so every bad search gets the one
 * problem, 400 INVALID_SEARCH_QUERY, naming what to fix.
 */

const date = (description: string) => ({ type: 'string', description: `${description} (YYYY-MM-DD)`, examples: ['2026-03-01'] });

export const searchQuery = {
  type: 'object',
  properties: {
    q: { type: 'string', description: 'words (all on one page), "quoted phrases", prefix* (2+ letters) and `a OR b`', examples: ['"chest pain" troponin'] },
    nhsNumber: { type: 'string', description: "the patient's NHS number (spaces allowed); with it, or `mrn`, the search is within one patient", examples: ['999 304 8143'] },
    mrn: { type: 'string', description: 'the hospital number, as the trust writes it' },
    name: { type: 'string', description: "every word in the patient's name, any order" },
    birthDate: date("the patient's date of birth"),
    type: {
      type: 'array',
      items: { type: 'string' },
      description: `document types, repeated or comma-separated: ${DOCUMENT_TYPES.map((entry) => entry.key).join(', ')}`,
    },
    from: date('document date on or after'),
    to: date('document date on or before'),
    limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: 'documents per page, 1–100 (default 20)' },
    cursor: { type: 'string', description: 'the nextCursor of the previous page of this same search' },
  },
  additionalProperties: false,
} as const;

export const timelineQuery = {
  type: 'object',
  properties: { limit: searchQuery.properties.limit, cursor: searchQuery.properties.cursor },
  additionalProperties: false,
} as const;

export const patientParams = {
  type: 'object',
  properties: { nhsNumber: { type: 'string', description: '10 digits, modulus 11 valid', examples: ['9993048143'] } },
  required: ['nhsNumber'],
} as const;

const bbox = {
  type: 'object',
  description: 'pixels of the cleaned page image (the image inside the PDF): left, top, right, bottom',
  properties: { x0: { type: 'number' }, y0: { type: 'number' }, x1: { type: 'number' }, y1: { type: 'number' } },
  required: ['x0', 'y0', 'x1', 'y1'],
} as const;

const pageHit = {
  type: 'object',
  properties: {
    index: { type: 'integer', description: 'zero-based page index' },
    snippet: {
      type: 'array',
      description: 'plain text pieces (never markup): show each escaped, and mark the ones with `hit`',
      items: { type: 'object', properties: { text: { type: 'string' }, hit: { type: 'boolean' } }, required: ['text', 'hit'] },
    },
    boxes: { type: 'array', items: bbox, description: 'where each matched word is on the page, in reading order' },
  },
  required: ['index', 'snippet', 'boxes'],
} as const;

const text = nullable({ type: 'string' });

export const searchHit = {
  type: 'object',
  properties: {
    documentId: { type: 'string' },
    fileName: { type: 'string' },
    patientConfirmed: {
      type: 'boolean',
      description: 'true when filing or a reviewer confirmed the patient; false: the document is found by its words but attributed to no one yet (in review, or not filed here)',
    },
    nhsNumber: { ...text, description: 'the confirmed patient, never an unconfirmed reading of the page' },
    mrn: text,
    patientName: { ...text, description: "the confirmed patient's name, as the patient index or the reviewer gave it" },
    birthDate: text,
    documentType: text,
    documentDate: text,
    author: text,
    department: text,
    filedAt: { ...text, description: 'when the patient was confirmed' },
    updatedAt: { type: 'string' },
    score: { ...nullable({ type: 'number' }), description: 'higher is more relevant, within one search; null in a timeline' },
    pageCount: { type: 'integer' },
    matchedPageCount: { type: 'integer' },
    pages: { type: 'array', items: pageHit, description: 'the best-ranked matched pages (at most 10), in page order; empty in a timeline' },
    links: {
      type: 'object',
      properties: { document: { type: 'string' }, pdf: { type: 'string' }, text: { type: 'string' } },
    },
  },
} as const;

export const searchAnswer = {
  type: 'object',
  properties: {
    hits: { type: 'array', items: searchHit },
    nextCursor: { ...nullable({ type: 'string' }), description: 'pass as `cursor` for the next page; null on the last page' },
  },
  required: ['hits', 'nextCursor'],
} as const;
