/**
 * Every failure Recto reports is a RectoError: a stable code for scripts and APIs, whether
 * trying again could help (retryable), the HTTP status an API caller gets, the exit status
 * of the `recto` command, and a one-line hint telling a person what to do. Bad input is never
 * retryable; infrastructure trouble (disk, Redis, the patient index) is. Anything thrown that
 * is not a RectoError is a bug in Recto: INTERNAL, HTTP 500, exit 70, and never retried (a
 * queue retrying a bug five times only repeats it five times).
 */

/**
 * The exit statuses of `recto`, one per kind of failure, so a script can tell "fix your
 * command" from "try again later" without parsing messages (README "Exit codes"). Every
 * error code names one of them in the catalogue below; 0 is success and never an error's.
 */
export const EXIT = {
  ok: 0,
  /** The command ran, but some documents failed (bad or damaged scans), or a check failed (a broken audit log). */
  failed: 1,
  /** An invalid option or argument: nothing was done. */
  usage: 2,
  /** An input path, folder of scans, document, user or token that does not exist. */
  notFound: 3,
  /** The configuration needs fixing: trust configuration, patient index file, audit key, Redis settings, database version. */
  config: 4,
  /** Storage, Redis, the OCR engine, the patient index or a record system did not answer: try again later. */
  unavailable: 5,
  /** Refused: not allowed, or not in a state that permits it (already claimed, not failed, …). */
  refused: 6,
  /** A bug in Recto (sysexits EX_SOFTWARE): report it with the command and its output. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type RectoErrorCode =
  | 'EMPTY_FILE'
  | 'WRONG_FILE_TYPE'
  | 'UNSUPPORTED_FORMAT'
  | 'CORRUPT_IMAGE'
  | 'CORRUPT_PDF'
  | 'PDF_ENCRYPTED'
  | 'PDF_NO_PAGES'
  | 'IMAGE_TOO_LARGE'
  | 'TOO_MANY_PAGES'
  | 'PDF_TOO_COMPLEX'
  | 'FILE_TOO_LARGE'
  | 'INPUT_NOT_FOUND'
  | 'NO_SCANS_FOUND'
  | 'INVALID_OPTIONS'
  | 'OCR_FAILED'
  | 'OCR_ENGINE_UNAVAILABLE'
  | 'OUTPUT_WRITE_FAILED'
  | 'REDIS_EVICTS_KEYS'
  | 'QUEUE_UNAVAILABLE'
  | 'UPLOAD_TOO_LARGE'
  | 'INVALID_STORAGE_KEY'
  | 'UPLOAD_INTERRUPTED'
  | 'BLOB_NOT_FOUND'
  | 'DOCUMENT_NOT_FOUND'
  | 'INVALID_STATUS_TRANSITION'
  | 'DOCUMENT_NOT_FAILED'
  | 'FILING_NOT_FAILED'
  | 'FILING_NOT_CONFIGURED'
  | 'INVALID_CURSOR'
  | 'STORAGE_UNAVAILABLE'
  | 'STORAGE_SCHEMA_TOO_NEW'
  | 'OUTPUT_NOT_READY'
  | 'BAD_REQUEST'
  | 'ROUTE_NOT_FOUND'
  | 'PATIENT_INDEX_UNAVAILABLE'
  | 'INVALID_PATIENT_INDEX'
  | 'INVALID_TRUST_CONFIG'
  | 'SINK_UNAVAILABLE'
  | 'SINK_REJECTED'
  | 'REVIEW_ITEM_NOT_FOUND'
  | 'REVIEW_CONFLICT'
  | 'APPROVAL_INCOMPLETE'
  | 'NOT_SIGNED_IN'
  | 'TOO_MANY_SIGN_INS'
  | 'FORBIDDEN'
  | 'SIGN_IN_FAILED'
  | 'ACCOUNT_LOCKED'
  | 'CROSS_ORIGIN_REFUSED'
  | 'JSON_REQUIRED'
  | 'WEAK_PASSWORD'
  | 'USER_EXISTS'
  | 'USER_NOT_FOUND'
  | 'TOKEN_NOT_FOUND'
  | 'NO_ROLE'
  | 'IDENTITY_PROVIDER_UNAVAILABLE'
  | 'AUDIT_KEY_INVALID'
  | 'INVALID_SEARCH_QUERY'
  | 'INVALID_SEARCH_DOCUMENT'
  | 'INTERNAL';

interface ErrorSpec {
  retryable: boolean;
  /** The HTTP status an API caller gets: part of the code's definition, so no code can lack one. */
  status: number;
  /** What `recto` exits with when a command ends on this error. */
  exit: ExitCode;
  hint: string;
}

/** One table, so the codes, their retry policy, HTTP status, exit status and advice cannot drift apart. */
export const ERROR_CATALOGUE: Record<RectoErrorCode, ErrorSpec> = {
  EMPTY_FILE: { retryable: false, status: 400, exit: EXIT.failed, hint: 'The file has no bytes: rescan the document or copy the file again.' },
  WRONG_FILE_TYPE: {
    retryable: false, status: 415, exit: EXIT.failed,
    hint: 'The file name says it is a scan but its contents are not: check you picked the right file.',
  },
  UNSUPPORTED_FORMAT: {
    retryable: false, status: 415, exit: EXIT.failed,
    hint: 'Save the scan as PDF, TIFF, PNG or JPEG (most scanners offer these) and try again.',
  },
  CORRUPT_IMAGE: {
    retryable: false, status: 500, exit: EXIT.failed,
    hint: 'The image is damaged or cut short: rescan it, or copy it again from the scanner.',
  },
  CORRUPT_PDF: { retryable: false, status: 500, exit: EXIT.failed, hint: 'The PDF is damaged or cut short: export it again from the scanner software.' },
  PDF_ENCRYPTED: {
    retryable: false, status: 500, exit: EXIT.failed,
    hint: 'The PDF is password-protected: save an unprotected copy (or rescan) before uploading.',
  },
  PDF_NO_PAGES: { retryable: false, status: 500, exit: EXIT.failed, hint: 'The PDF has no pages: check the export from the scanner.' },
  IMAGE_TOO_LARGE: {
    retryable: false, status: 422, exit: EXIT.failed,
    hint: 'The image is larger than any real page scan: rescan at 300 dpi (or raise maxInputPixels if it is genuine).',
  },
  TOO_MANY_PAGES: {
    retryable: false, status: 422, exit: EXIT.failed,
    hint: 'The document has more pages than the configured limit: split it into smaller documents, or raise maxPages (MAX_PAGES) if it is genuine.',
  },
  PDF_TOO_COMPLEX: {
    retryable: false, status: 422, exit: EXIT.failed,
    hint: 'A PDF page took too long or too much memory to render: export it again as an image PDF (or rescan it at 300 dpi).',
  },
  FILE_TOO_LARGE: {
    retryable: false, status: 413, exit: EXIT.failed,
    hint: 'The file is larger than the configured limit: split the batch, or raise maxInputBytes if it is genuine.',
  },
  INPUT_NOT_FOUND: { retryable: false, status: 500, exit: EXIT.notFound, hint: 'Check the spelling of the path, and that this account may read it.' },
  NO_SCANS_FOUND: {
    retryable: false, status: 500, exit: EXIT.notFound,
    hint: 'Point at the folder that holds the scans (hidden files are skipped), or add --recursive to read its sub-folders.',
  },
  INVALID_OPTIONS: { retryable: false, status: 400, exit: EXIT.usage, hint: 'Fix the option named in the message; `recto scan --help` lists them.' },
  OCR_FAILED: { retryable: true, status: 503, exit: EXIT.unavailable, hint: 'The OCR engine failed on this page: try again; if it persists, report it with the file.' },
  OCR_ENGINE_UNAVAILABLE: {
    retryable: true, status: 503, exit: EXIT.unavailable,
    hint: 'The OCR engine could not start: run `npm ci` so the language data packages are installed.',
  },
  OUTPUT_WRITE_FAILED: { retryable: true, status: 503, exit: EXIT.unavailable, hint: 'Could not write the output: check free disk space and permissions.' },
  REDIS_EVICTS_KEYS: {
    retryable: false, status: 500, exit: EXIT.config,
    hint: 'Set `maxmemory-policy noeviction` in redis.conf (or CONFIG SET maxmemory-policy noeviction) and restart Recto.',
  },
  QUEUE_UNAVAILABLE: {
    retryable: true, status: 503, exit: EXIT.unavailable,
    hint: 'Redis (the job queue) did not answer: check it is running and reachable at REDIS_URL; queued work resumes when it is back.',
  },
  UPLOAD_TOO_LARGE: {
    retryable: false, status: 413, exit: EXIT.failed,
    hint: 'The upload is larger than the configured limit: split the batch, or raise the upload limit if it is genuine.',
  },
  UPLOAD_INTERRUPTED: { retryable: true, status: 400, exit: EXIT.unavailable, hint: 'The upload stopped before the end of the file: send the file again.' },
  INVALID_STORAGE_KEY: {
    retryable: false, status: 500, exit: EXIT.internal,
    hint: 'A storage key is not one Recto makes: use the key returned when the file was stored.',
  },
  BLOB_NOT_FOUND: {
    retryable: false, status: 500, exit: EXIT.notFound,
    hint: 'A stored file is missing (deleted or never stored): upload the document again.',
  },
  DOCUMENT_NOT_FOUND: { retryable: false, status: 404, exit: EXIT.notFound, hint: 'No document has this id: check the id, or list documents to find it.' },
  INVALID_STATUS_TRANSITION: {
    retryable: false, status: 409, exit: EXIT.refused,
    hint: 'A stale or duplicate job tried to move the document to a state it cannot reach; nothing was changed.',
  },
  DOCUMENT_NOT_FAILED: {
    retryable: false, status: 409, exit: EXIT.refused,
    hint: 'Only a failed document can be retried: a queued or processing one is still being worked on, and a done one can be re-delivered instead.',
  },
  FILING_NOT_FAILED: {
    retryable: false, status: 409, exit: EXIT.refused,
    hint: 'Only a document whose filing failed can be re-filed: a pending one is still being filed, a filed one can be re-delivered, and one in review is decided by its review item.',
  },
  FILING_NOT_CONFIGURED: {
    retryable: false, status: 409, exit: EXIT.config,
    hint: 'Filing is not configured on this service: set TRUST_CONFIG to the trust configuration file and restart Recto.',
  },
  INVALID_CURSOR: { retryable: false, status: 400, exit: EXIT.usage, hint: 'The page cursor is malformed: use the nextCursor from the previous page as it is.' },
  STORAGE_UNAVAILABLE: {
    retryable: true, status: 503, exit: EXIT.unavailable,
    hint: 'The database or file store is busy, full or read-only: try again, and check disk space and permissions.',
  },
  STORAGE_SCHEMA_TOO_NEW: {
    retryable: false, status: 500, exit: EXIT.config,
    hint: 'The database was written by a newer Recto: upgrade this Recto, or point it at its own data folder.',
  },
  OUTPUT_NOT_READY: {
    retryable: true, status: 409, exit: EXIT.refused,
    hint: 'The document is still being processed: poll GET /v1/documents/{id} until its status is done.',
  },
  BAD_REQUEST: { retryable: false, status: 400, exit: EXIT.usage, hint: 'The request is malformed: check it against the API description at /docs.' },
  ROUTE_NOT_FOUND: { retryable: false, status: 404, exit: EXIT.notFound, hint: 'No such address: the API and its routes are described at /docs.' },
  PATIENT_INDEX_UNAVAILABLE: {
    retryable: true, status: 503, exit: EXIT.unavailable,
    hint: 'The patient index (CSV file or FHIR server) could not be read: check it is reachable; matching resumes when it is.',
  },
  INVALID_PATIENT_INDEX: {
    retryable: false, status: 500, exit: EXIT.config,
    hint: 'The patient index file is malformed: check its header row and the row named in the message.',
  },
  INVALID_TRUST_CONFIG: {
    retryable: false, status: 500, exit: EXIT.config,
    hint: 'Fix the trust configuration file (TRUST_CONFIG) where the message says; samples/trust/trust-config.example.json shows every setting.',
  },
  SINK_UNAVAILABLE: {
    retryable: true, status: 503, exit: EXIT.unavailable,
    hint: 'The record system did not answer or was busy: delivery is retried with backoff and nothing is lost.',
  },
  REVIEW_ITEM_NOT_FOUND: { retryable: false, status: 404, exit: EXIT.notFound, hint: 'No review item has this id: list the review queue to find it.' },
  REVIEW_CONFLICT: {
    retryable: false, status: 409, exit: EXIT.refused,
    hint: 'Someone else holds this item, or it is already decided: claim an open item, or refresh to see its state.',
  },
  APPROVAL_INCOMPLETE: {
    retryable: false, status: 422, exit: EXIT.refused,
    hint: "The document cannot be filed yet: give the patient's NHS number, first name, family name and date of birth as the page shows them (all four must agree with the patient index), and say how any reason they do not settle was resolved.",
  },
  SINK_REJECTED: {
    retryable: false, status: 500, exit: EXIT.failed,
    hint: 'The record system refused the document: read its reason in the message, correct the document or the routing, then re-deliver.',
  },
  NOT_SIGNED_IN: {
    retryable: false, status: 401, exit: EXIT.refused,
    hint: 'Sign in at /sign-in, or send an API token as `Authorization: Bearer <token>` (an admin creates one with `recto token create`).',
  },
  TOO_MANY_SIGN_INS: { retryable: true, status: 429, exit: EXIT.refused, hint: 'Too many sign-in attempts from this address: wait a minute and try again.' },
  FORBIDDEN: { retryable: false, status: 403, exit: EXIT.refused, hint: 'Your role does not allow this: ask a Recto admin for the role named in the message.' },
  SIGN_IN_FAILED: {
    retryable: false, status: 401, exit: EXIT.refused,
    hint: 'Check the user name and password, or start again from the sign-in page; if it keeps failing, ask a Recto admin to check your account or the sign-in settings.',
  },
  ACCOUNT_LOCKED: {
    retryable: false, status: 401, exit: EXIT.refused,
    hint: 'Too many failed sign-ins: wait until the time in the message, or ask an admin to reset your password.',
  },
  CROSS_ORIGIN_REFUSED: {
    retryable: false, status: 403, exit: EXIT.refused,
    hint: 'Changes must come from Recto\'s own pages (same origin) or from an integration using an API token; set PUBLIC_URL if Recto sits behind a proxy.',
  },
  JSON_REQUIRED: { retryable: false, status: 415, exit: EXIT.usage, hint: 'Send the request body as JSON with `Content-Type: application/json` (uploads: multipart/form-data).' },
  WEAK_PASSWORD: { retryable: false, status: 400, exit: EXIT.usage, hint: 'Choose a password of at least 12 characters that is not the user name.' },
  USER_EXISTS: { retryable: false, status: 409, exit: EXIT.refused, hint: 'Choose another user name, or change the existing user\'s roles instead.' },
  USER_NOT_FOUND: { retryable: false, status: 404, exit: EXIT.notFound, hint: 'No user has this name: list users with `recto user list` or GET /v1/admin/users.' },
  TOKEN_NOT_FOUND: { retryable: false, status: 404, exit: EXIT.notFound, hint: 'No API token has this id: list tokens with `recto token list` or GET /v1/admin/tokens.' },
  NO_ROLE: {
    retryable: false, status: 403, exit: EXIT.refused,
    hint: 'You signed in, but no Recto role is given to you: ask a Recto administrator to grant one (OIDC_ROLE_MAP or your identity provider roles).',
  },
  IDENTITY_PROVIDER_UNAVAILABLE: {
    retryable: true, status: 503, exit: EXIT.unavailable,
    hint: 'The identity provider (OIDC_ISSUER) did not answer: try again shortly; if it persists, check the address and the network to it.',
  },
  AUDIT_KEY_INVALID: {
    retryable: false, status: 500, exit: EXIT.config,
    hint: 'The audit key file is missing or is not the one this audit log was written with: restore audit.key from backup, or point the key file option at the right one.',
  },
  INVALID_SEARCH_QUERY: {
    retryable: false, status: 400, exit: EXIT.usage,
    hint: 'Fix the search named in the message: words, "quoted phrases" and prefix* (2+ letters), a valid NHS number, dates as YYYY-MM-DD, a limit from 1 to 100.',
  },
  INVALID_SEARCH_DOCUMENT: {
    retryable: false, status: 500, exit: EXIT.internal,
    hint: 'The document handed to the search index is malformed (see the message): a bug in the caller; report it with the document id.',
  },
  // Not retryable: an unexpected error is a bug, and trying the same input again repeats it.
  INTERNAL: {
    retryable: false, status: 500, exit: EXIT.internal,
    hint: 'An unexpected error (a bug in Recto): report it with what you did and, for a document, its id or file.',
  },
};

export class RectoError extends Error {
  readonly code: RectoErrorCode;
  readonly retryable: boolean;
  readonly hint: string;

  constructor(code: RectoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RectoError';
    this.code = code;
    this.retryable = ERROR_CATALOGUE[code].retryable;
    this.hint = ERROR_CATALOGUE[code].hint;
  }

  toJSON(): { code: RectoErrorCode; message: string; retryable: boolean; hint: string } {
    return { code: this.code, message: this.message, retryable: this.retryable, hint: this.hint };
  }
}

/**
 * Wraps anything thrown into a RectoError, keeping RectoErrors as they are. What is not a
 * RectoError is unexpected, so by default INTERNAL: not retried, HTTP 500, exit 70.
 */
export function asRectoError(error: unknown, fallback: RectoErrorCode = 'INTERNAL'): RectoError {
  if (error instanceof RectoError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RectoError(fallback, message, { cause: error });
}

/** The exit status `recto` ends with on this error (INTERNAL's for anything that is not a RectoError). */
export function exitCodeOf(error: unknown): ExitCode {
  return ERROR_CATALOGUE[asRectoError(error).code].exit;
}
