import { describe, expect, it } from 'vitest';
import { asRectoError, ERROR_CATALOGUE, RectoError } from '../../src/core/errors.ts';

describe('RectoError', () => {
  it('takes its retry policy and hint from the catalogue', () => {
    const error = new RectoError('PDF_ENCRYPTED', 'x.pdf: needs a password');
    expect(error.retryable).toBe(false);
    expect(error.hint).toMatch(/password/);
    expect(error.toJSON()).toEqual({
      code: 'PDF_ENCRYPTED',
      message: 'x.pdf: needs a password',
      retryable: false,
      hint: ERROR_CATALOGUE.PDF_ENCRYPTED.hint,
    });
  });

  it('marks bad input permanent and infrastructure trouble retryable', () => {
    for (const code of ['EMPTY_FILE', 'WRONG_FILE_TYPE', 'CORRUPT_IMAGE', 'IMAGE_TOO_LARGE'] as const) {
      expect(ERROR_CATALOGUE[code].retryable).toBe(false);
    }
    for (const code of ['OCR_FAILED', 'OUTPUT_WRITE_FAILED', 'OCR_ENGINE_UNAVAILABLE'] as const) {
      expect(ERROR_CATALOGUE[code].retryable).toBe(true);
    }
  });

  it('has a one-line hint for every code', () => {
    for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
      expect(spec.hint.length, code).toBeGreaterThan(20);
      expect(spec.hint, code).not.toMatch(/\n/);
    }
  });

  it('gives every code an HTTP status: the client\'s fault 4xx, a permanent fault of Recto\'s 500, trouble worth retrying 503', () => {
    for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
      expect(spec.status, code).toBeGreaterThanOrEqual(400);
      expect(spec.status, code).toBeLessThan(600);
      // A 5xx is either "try again" (retryable) or Recto's own failure, never a client mistake dressed up.
      if (spec.status === 503) expect(spec.retryable, code).toBe(true);
    }
    expect(ERROR_CATALOGUE.NOT_SIGNED_IN.status).toBe(401);
    expect(ERROR_CATALOGUE.FORBIDDEN.status).toBe(403);
    expect(ERROR_CATALOGUE.TOO_MANY_PAGES.status).toBe(422);
    expect(ERROR_CATALOGUE.STORAGE_UNAVAILABLE.status).toBe(503);
  });

  it('wraps foreign errors without losing the cause', () => {
    const cause = new Error('disk full');
    const wrapped = asRectoError(cause, 'OUTPUT_WRITE_FAILED');
    expect(wrapped.code).toBe('OUTPUT_WRITE_FAILED');
    expect(wrapped.cause).toBe(cause);
    const original = new RectoError('EMPTY_FILE', 'x');
    expect(asRectoError(original)).toBe(original);
  });
});
