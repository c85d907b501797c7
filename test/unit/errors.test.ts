import { describe, expect, it } from 'vitest';
import { asRectoError, ERROR_CATALOGUE, EXIT, exitCodeOf, RectoError } from '../../src/core/errors.ts';

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

  it('gives every code a retry policy, an HTTP status and an exit status from the documented set', () => {
    const exitCodes = new Set<number>(Object.values(EXIT));
    for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
      expect(typeof spec.retryable, code).toBe('boolean');
      expect(Number.isInteger(spec.status), code).toBe(true);
      expect(exitCodes.has(spec.exit), code).toBe(true);
      // 0 is success: no error may end a command with it.
      expect(spec.exit, code).not.toBe(EXIT.ok);
      // Trouble worth waiting out is "unavailable" for scripts too, and "unavailable" is always worth another try.
      if (spec.status === 503) expect(spec.exit, code).toBe(EXIT.unavailable);
      if (spec.exit === EXIT.unavailable) expect(spec.retryable, code).toBe(true);
      if (spec.status === 404) expect(spec.exit, code).toBe(EXIT.notFound);
    }
    expect(ERROR_CATALOGUE.INVALID_OPTIONS.exit).toBe(2);
    expect(ERROR_CATALOGUE.INPUT_NOT_FOUND.exit).toBe(3);
    expect(ERROR_CATALOGUE.NO_SCANS_FOUND.exit).toBe(3);
    expect(ERROR_CATALOGUE.INVALID_PATIENT_INDEX.exit).toBe(4);
    expect(ERROR_CATALOGUE.STORAGE_UNAVAILABLE.exit).toBe(5);
    expect(ERROR_CATALOGUE.CORRUPT_PDF.exit).toBe(1);
  });

  it('treats anything that is not a RectoError as a bug: INTERNAL, HTTP 500, exit 70, never retried', () => {
    const bug = asRectoError(new TypeError("cannot read properties of undefined (reading 'pages')"));
    expect(bug).toMatchObject({ code: 'INTERNAL', retryable: false });
    expect(ERROR_CATALOGUE.INTERNAL).toMatchObject({ retryable: false, status: 500, exit: 70 });
    expect(exitCodeOf(new Error('boom'))).toBe(70);
    expect(exitCodeOf('a thrown string')).toBe(70);
    expect(exitCodeOf(new RectoError('INVALID_OPTIONS', '--workers zero'))).toBe(2);
  });

  it('refuses to re-file a document whose filing has not failed with a 409 and a hint', () => {
    expect(ERROR_CATALOGUE.FILING_NOT_FAILED).toMatchObject({ retryable: false, status: 409, exit: EXIT.refused });
    expect(ERROR_CATALOGUE.FILING_NOT_FAILED.hint).toMatch(/re-filed/);
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
