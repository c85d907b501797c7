import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { asRectoError, ERROR_CATALOGUE, type RectoError } from '../core/errors.ts';

/**
 * Errors at the HTTP boundary are RFC 9457 problem details carrying Recto's typed error: the
 * stable `code`, whether retrying may help, and the hint for the person at the scanner. Each
 * code's status is in the error catalogue beside its retry policy and hint.
 */
export function statusFor(error: RectoError): number {
  return ERROR_CATALOGUE[error.code].status;
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
