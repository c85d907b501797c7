import Database from 'better-sqlite3';
import { migrateSearchSchema } from './sqlite-search-schema.ts';

export const DEFAULT_SEARCH_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if need be) a search index file that the API and every worker process open
 * at once. WAL lets searches read while one process indexes; busy_timeout makes a writer that
 * finds the file locked wait rather than fail. synchronous=NORMAL (not the store's FULL): the
 * index is derived from the stored sidecars and can be rebuilt, so a power cut may cost the
 * last few commits but never corrupts the file, and indexing does not wait on an fsync each.
 *
 * Switching a new file to WAL can answer SQLITE_BUSY at once, without calling the busy
 * handler, while another process is doing the same; so set-up is retried until the timeout.
 */
export function openSearchDatabase(file: string, busyTimeoutMs = DEFAULT_SEARCH_BUSY_TIMEOUT_MS): Database.Database {
  const deadline = Date.now() + busyTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    const db = new Database(file, { timeout: busyTimeoutMs });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrateSearchSchema(db);
      return db;
    } catch (error) {
      db.close();
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      sleepSync(Math.min(10 * attempt, 200));
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** Opening is synchronous (better-sqlite3 is), so the pause between attempts must be too. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
