/**
 * JSON Schemas of the API's requests and answers. Fastify validates requests and serialises
 * answers with them, and @fastify/swagger turns them into the OpenAPI document at /docs, so
 * the documentation cannot drift from what the server does.
 */

export const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });

export const documentStatus = { type: 'string', enum: ['queued', 'processing', 'done', 'failed'] } as const;

export const filingStatus = {
  type: 'string',
  enum: ['pending', 'filed', 'review', 'failed'],
  description: 'pending: queued or being tried; filed: filed by Recto, deliveries queued; review: handed to a person; failed: out of tries (see error), re-file with POST /v1/documents/{id}/refile',
} as const;

/** RFC 9457 problem details carrying Recto's typed error. */
export const problem = {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is stable, `hint` is written for the person at the scanner',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', examples: ['WRONG_FILE_TYPE'] },
    retryable: { type: 'boolean' },
    hint: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail', 'code', 'retryable', 'hint'],
} as const;

const storedError = nullable({
  type: 'object',
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    retryable: { type: 'boolean' },
    hint: { type: 'string' },
  },
  additionalProperties: true,
});

export const documentRecord = {
  type: 'object',
  properties: {
    id: { type: 'string', examples: ['doc_01JDQ7Z3K4V8W2M5N6P7Q8R9ST'] },
    sha256: { type: 'string' },
    originalKey: { type: 'string' },
    fileName: { type: 'string' },
    sizeBytes: { type: 'integer' },
    format: { type: 'string', enum: ['pdf', 'tiff', 'png', 'jpeg'] },
    status: documentStatus,
    pageCount: nullable({ type: 'integer' }),
    error: storedError,
    metadata: { type: 'object', additionalProperties: true, description: 'fields sent with the upload (source, uploadedBy, patientHint, ...)' },
    outputs: {
      type: 'object',
      properties: { pdfKey: nullable({ type: 'string' }), textKey: nullable({ type: 'string' }), sidecarKey: nullable({ type: 'string' }) },
    },
    attempts: { type: 'integer', description: 'how many times processing has started' },
    filing: {
      ...nullable({
        type: 'object',
        properties: {
          status: filingStatus,
          error: { ...storedError, description: 'the typed error the last try ended with; only when failed' },
          attempts: { type: 'integer', description: 'how many times filing has been queued: 1 after capture, one more per re-file' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
        required: ['status', 'error', 'attempts', 'updatedAt'],
      }),
      description: 'where filing into the trust\'s record systems stands; null when filing was never queued (no TRUST_CONFIG, or not captured yet)',
    },
    timingsMs: { type: 'object', properties: { splitMs: { type: 'number' } }, description: 'stage times of the whole document (each page has its own)' },
    progress: {
      type: 'object',
      description: 'how far capture has got: pages cleaned and OCR\'d out of pageCount (null until split)',
      properties: { pageCount: nullable({ type: 'integer' }), pagesCleaned: { type: 'integer' }, pagesRead: { type: 'integer' } },
    },
    reviewItemId: { ...nullable({ type: 'string' }), description: 'when filing is `review`: the review item a reviewer opens (GET /v1/review/{id}, page /review/{id})' },
    outcome: {
      ...nullable({
        type: 'object',
        properties: {
          status: {
            type: 'string',
            enum: ['pending', 'filed', 'review', 'rejected', 'failed'],
            description: 'pending: filing not decided yet; filed: to `patient`, `how`; review: waiting for a person (`reasons`); rejected: by a reviewer (`by`, `note`); failed: see `error`',
          },
          patient: {
            ...nullable({
              type: 'object',
              properties: {
                nhsNumber: { type: 'string', examples: ['9993048143'] },
                name: { ...nullable({ type: 'string' }), description: 'as the patient index gives it; null when the index could not answer' },
              },
              required: ['nhsNumber', 'name'],
            }),
            description: 'when filed: the patient it was filed to',
          },
          how: { ...nullable({ type: 'string', enum: ['automatically', 'approved'] }), description: 'when filed: by Recto\'s rules, or approved by a reviewer (`by`)' },
          by: { ...nullable({ type: 'string' }), description: 'the user who approved or rejected it' },
          at: { ...nullable({ type: 'string', format: 'date-time' }), description: 'when it was filed or rejected' },
          reviewItemId: nullable({ type: 'string' }),
          reasons: {
            type: 'array',
            description: 'when in review: why a person must decide',
            items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] },
          },
          note: { ...nullable({ type: 'string' }), description: 'when rejected: the reviewer\'s note' },
          error: { ...storedError, description: 'when failed: the typed error the last filing try ended with' },
        },
        required: ['status', 'patient', 'how', 'by', 'at', 'reviewItemId', 'reasons', 'note', 'error'],
      }),
      description: 'where the document ended up; null when filing was never queued. Naming the patient makes each view of it an audited view of their record',
    },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const pageRecord = {
  type: 'object',
  properties: {
    documentId: { type: 'string' },
    index: { type: 'integer', description: 'zero-based page number in the source file' },
    status: { type: 'string', enum: ['split', 'cleaned', 'ocr_done', 'failed'] },
    imageKey: nullable({ type: 'string' }),
    cleanedKey: nullable({ type: 'string' }),
    ocrKey: nullable({ type: 'string' }),
    error: storedError,
    timingsMs: { type: 'object', properties: { splitMs: { type: 'number' }, cleanMs: { type: 'number' }, ocrMs: { type: 'number' }, rereadMs: { type: 'number' } } },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const documentWithPages = {
  ...documentRecord,
  properties: { ...documentRecord.properties, pages: { type: 'array', items: pageRecord } },
} as const;

export const documentList = {
  type: 'object',
  properties: {
    documents: { type: 'array', items: documentRecord },
    nextCursor: { ...nullable({ type: 'string' }), description: 'pass as `cursor` for the next page; null on the last page' },
  },
} as const;

export const uploadAnswer = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: documentStatus,
    duplicate: { type: 'boolean', description: 'true when this exact file was uploaded before: the existing document is returned' },
    sha256: { type: 'string' },
  },
} as const;

export const documentIdParams = {
  type: 'object',
  properties: { id: { type: 'string', description: 'the id returned by the upload' } },
  required: ['id'],
} as const;

export const listQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string' },
    status: documentStatus,
    filing: { ...filingStatus, description: 'only documents whose filing is in this status (failed: what needs re-filing)' },
  },
  additionalProperties: false,
} as const;

/** The problems any document route can answer with, by HTTP status. */
export const problemAnswers = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, problem]));
