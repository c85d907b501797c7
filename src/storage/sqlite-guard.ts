import { asRectoError, RectoError } from '../core/errors.ts';

/**
 * Runs a database call and turns what SQLite throws into RectoErrors: a busy, full or
 * read-only database is worth retrying; anything else is a bug and reported as INTERNAL.
 */
export function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RectoError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL)/.test(code)) {
      throw new RectoError('STORAGE_UNAVAILABLE', `the database is unavailable (${code}): ${(error as Error).message}`, {
        cause: error,
      });
    }
    throw asRectoError(error, 'INTERNAL');
  }
}
