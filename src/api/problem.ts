import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { asRectoError, type RectoError, type RectoErrorCode } from '../core/errors.ts';

/**
 * Errors at the HTTP boundary are RFC 9457 problem details carrying Recto's typed error: the
 * stable `code`, whether retrying may help, and the hint for the person at the scanner.
 */
const STATUS_BY_CODE: Partial<Record<RectoErrorCode | string, number>> = {
  BAD_REQUEST: 400,
  ROUTE_NOT_FOUND: 404,
  EMPTY_FILE: 400,
  INVALID_OPTIONS: 400,
  INVALID_CURSOR: 400,
  UPLOAD_INTERRUPTED: 400,
  WRONG_FILE_TYPE: 415,
  UNSUPPORTED_FORMAT: 415,
  UPLOAD_TOO_LARGE: 413,
  FILE_TOO_LARGE: 413,
  // Well-formed uploads whose contents exceed a limit: the request was fine, the document is not.
  TOO_MANY_PAGES: 422,
  IMAGE_TOO_LARGE: 422,
  PDF_TOO_COMPLEX: 422,
  DOCUMENT_NOT_FOUND: 404,
  REVIEW_ITEM_NOT_FOUND: 404,
  REVIEW_CONFLICT: 409,
  APPROVAL_INCOMPLETE: 422,
  OUTPUT_NOT_READY: 409,
  INVALID_STATUS_TRANSITION: 409,
  NOT_SIGNED_IN: 401,
  TOO_MANY_SIGN_INS: 429,
  SIGN_IN_FAILED: 401,
  ACCOUNT_LOCKED: 401,
  FORBIDDEN: 403,
  CROSS_ORIGIN_REFUSED: 403,
  JSON_REQUIRED: 415,
  WEAK_PASSWORD: 400,
  USER_EXISTS: 409,
  USER_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  NO_ROLE: 403,
  IDENTITY_PROVIDER_UNAVAILABLE: 503,
  DOCUMENT_NOT_FAILED: 409,
};

export function statusFor(error: RectoError): number {
  return STATUS_BY_CODE[error.code] ?? (error.retryable ? 503 : 500);
}

export function sendProblem(reply: FastifyReply, thrown: unknown): FastifyReply {
  const error = asRectoError(thrown);
  const status = statusFor(error);
  // An unexpected error's own words (SQL, file paths, library internals) stay in the service's log.
  const detail = error.code === 'INTERNAL' ? `an unexpected error (reference ${logInternal(error)}; the service's log has the details)` : error.message;
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://github.com/recto-nhs/recto/blob/main/README.md#${error.code.toLowerCase()}`,
      title: error.code.replace(/_/g, ' ').toLowerCase(),
      status,
      detail,
      code: error.code,
      retryable: error.retryable,
      hint: error.hint,
    });
}

function logInternal(error: RectoError): string {
  const reference = randomUUID().slice(0, 8);
  process.stderr.write(`INTERNAL error ${reference}: ${error.stack ?? error.message}\n`);
  return reference;
}
