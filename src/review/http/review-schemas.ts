import { nullable } from '../../api/schemas.ts';

/** JSON Schemas of the review API (see schemas.ts for why schemas, not hand-written docs). */

const nullableString = nullable({ type: 'string' });
const reviewStatus = { type: 'string', enum: ['open', 'claimed', 'approved', 'rejected'] } as const;
/** A date as typed: YYYY-MM-DD or the UK way, day first (12/06/1939); the route parses and stores YYYY-MM-DD. */
const enteredDate = { type: 'string', minLength: 6, maxLength: 20, description: 'YYYY-MM-DD or day first (DD/MM/YYYY); stored as YYYY-MM-DD' } as const;
const box = { type: 'object', properties: { x0: { type: 'number' }, y0: { type: 'number' }, x1: { type: 'number' }, y1: { type: 'number' } } };

export const reviewIdParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export const reviewItem = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    documentId: { type: 'string' },
    status: reviewStatus,
    reasons: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
    extracted: { type: 'object', additionalProperties: true, description: 'everything extraction found (ExtractedFields)' },
    fields: {
      type: 'array',
      description: 'each value read on the page, with a link to the crop where it was read',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string' },
          value: {},
          confidence: { type: 'number' },
          corrected: { type: 'boolean', description: 'OCR look-alike characters were replaced to get a valid value' },
          foundAt: { type: 'object', properties: { page: { type: 'integer' }, bbox: box } },
          who: { type: 'string', description: "whose it is, when the page labels it as someone else's (mother, next-of-kin...): never the patient's" },
          problem: { type: 'string', description: 'why an NHS number could not be used (fails-check, low-confidence...)' },
          cropUrl: { type: 'string' },
        },
      },
    },
    corrections: { type: 'object', additionalProperties: true },
    claimedBy: nullableString,
    decidedBy: nullableString,
    note: nullableString,
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const reviewList = {
  type: 'object',
  properties: { items: { type: 'array', items: reviewItem }, nextCursor: nullableString },
} as const;

export const reviewListQuery = {
  type: 'object',
  properties: { status: reviewStatus, limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, cursor: { type: 'string' } },
  additionalProperties: false,
} as const;

/** What a reviewer may set; anything else is refused rather than silently stored. */
export const corrections = {
  type: 'object',
  required: ['corrections'],
  additionalProperties: false,
  properties: {
    corrections: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        nhsNumber: { anyOf: [{ type: 'string', pattern: '^[0-9]{10}$' }, { type: 'null' }] },
        given: { anyOf: [{ type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, minItems: 1 }, { type: 'null' }] },
        family: { anyOf: [{ type: 'string', minLength: 1, maxLength: 100 }, { type: 'null' }] },
        birthDate: { anyOf: [enteredDate, { type: 'null' }] },
        mrn: { anyOf: [{ type: 'string', minLength: 1, maxLength: 40 }, { type: 'null' }] },
        documentType: { anyOf: [{ type: 'string', pattern: '^[a-z-]{2,40}$' }, { type: 'null' }] },
        documentDate: { anyOf: [enteredDate, { type: 'null' }] },
        author: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'null' }] },
        department: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'null' }] },
      },
    },
  },
} as const;

/**
 * An approval: the patient's identity the reviewer confirms (merged into the corrections and
 * checked against the patient index), and, by reason code, how the reviewer resolved a reason
 * an identity does not settle. An item that went to review needs the four identifiers, here or
 * saved as corrections beforehand; a bare approve is refused with 422 APPROVAL_INCOMPLETE.
 */
export const approveBody = {
  anyOf: [
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        note: { type: 'string', maxLength: 2000 },
        identity: {
          type: 'object',
          additionalProperties: false,
          description: "the patient's identity as read from the page by the reviewer",
          properties: {
            nhsNumber: { type: 'string', pattern: '^[0-9]{10}$' },
            given: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, minItems: 1, maxItems: 10 },
            family: { type: 'string', minLength: 1, maxLength: 100 },
            birthDate: enteredDate,
            source: {
              type: 'string',
              enum: ['candidate'],
              description: "'candidate': taken from GET /v1/review/{id}/candidates rather than typed; the approval is refused (422) unless the page shows that patient's family name and their date of birth, NHS number or a hospital number",
            },
          },
        },
        resolutions: {
          type: 'object',
          description: 'by reason code (e.g. NHS_NUMBER_LABELLED_OTHER_PERSON): how the reviewer resolved it, in their words',
          propertyNames: { pattern: '^[A-Z][A-Z0-9_]{1,63}$' },
          additionalProperties: { type: 'string', minLength: 1, maxLength: 2000 },
          maxProperties: 40,
        },
      },
    },
    { type: 'null' },
  ],
} as const;

/** Searches the reviewer adds to what the page shows: a hospital number, or a family name with a date of birth. */
export const candidatesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mrn: { type: 'string', minLength: 1, maxLength: 40 },
    family: { type: 'string', minLength: 1, maxLength: 100 },
    birthDate: enteredDate,
  },
} as const;

const pageIdentifier = { type: 'string', enum: ['nhsNumber', 'family', 'given', 'birthDate', 'mrn'] } as const;

/** The index's patients a review item may belong to (src/review/review-candidates.ts). */
export const candidateList = {
  type: 'object',
  required: ['candidates'],
  properties: {
    candidates: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          nhsNumber: { type: 'string' },
          given: { type: 'array', items: { type: 'string' } },
          family: { type: 'string' },
          birthDate: { type: 'string', description: 'YYYY-MM-DD, or empty when the index holds none' },
          mrns: { type: 'array', items: { type: 'string' } },
          matchedBy: { type: 'array', items: { type: 'string', enum: ['mrn', 'name-and-birth-date'] }, description: 'how the index found them' },
          onPage: { type: 'array', items: pageIdentifier, description: "which of the candidate's identifiers the document's OCR text shows" },
        },
      },
    },
    reason: { type: 'string', description: 'why the list is empty without a search having been made (no patient index, nothing to look up)' },
  },
} as const;

export const decisionBody = {
  anyOf: [{ type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: 2000 } } }, { type: 'null' }],
} as const;

export const auditTrail = {
  type: 'object',
  properties: {
    events: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
          actor: { type: 'string' },
          action: { type: 'string' },
          subjectId: { type: 'string' },
          ip: nullableString,
          details: {},
          before: {},
          after: {},
        },
      },
    },
  },
} as const;

