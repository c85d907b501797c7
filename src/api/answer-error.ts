import type { FastifyReply, FastifyRequest } from 'fastify';
import { asRectoError, RectoError } from '../core/errors.ts';
import { messagePage } from '../web/message-page.ts';
import { sendProblem, statusFor } from './problem.ts';

/**
 * How every failure is answered: API callers get problem details; a person's browser asking
 * for a page gets a page (the sign-in form when not signed in, otherwise why not).
 */
export function answerError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const problem = toProblem(error);
  if (wantsPage(request)) return sendPageProblem(request, reply, problem);
  return sendProblem(reply, problem);
}

export function toProblem(error: unknown): RectoError {
  if (error instanceof RectoError) return error;
  // Fastify's own errors (bad multipart, wrong content type) are the client's: keep their 4xx.
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    const code = status === 413 ? 'UPLOAD_TOO_LARGE' : status === 415 ? 'JSON_REQUIRED' : 'BAD_REQUEST';
    return new RectoError(code, (error as Error).message, { cause: error });
  }
  return asRectoError(error);
}

/** A person's browser asking for a page gets a page: the sign-in form, or why not. */
function wantsPage(request: FastifyRequest): boolean {
  return request.method === 'GET' && !request.url.startsWith('/v1/') && (request.headers.accept ?? '').includes('text/html');
}

function sendPageProblem(request: FastifyRequest, reply: FastifyReply, problem: RectoError): FastifyReply {
  if (problem.code === 'NOT_SIGNED_IN') return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`);
  const status = statusFor(problem);
  const title = status === 403 ? 'You do not have access to this page' : status === 404 ? 'Page not found' : 'Something went wrong';
  return reply.code(status).type('text/html; charset=utf-8').send(messagePage(title, problem, request.identity).value);
}
