import type { Storage } from '../storage/storage.ts';

/**
 * Documents that stopped moving: queued or processing with no change to them or their pages for
 * longer than STALE_DOCUMENT_MINUTES. Whatever the cause (a job Redis lost that re-queuing could
 * not mend, a worker pool that is down, a job stuck on one page), a person has to look, so the
 * serve process checks periodically and writes one line per such document to stderr, each
 * starting with STALE_DOCUMENT_PREFIX for log alerting to match; /metrics shows the counts as
 * recto_documents_stale{status}. A document that is slow but moving (a long one, page by page)
 * is not stale.
 */

export const STALE_DOCUMENT_PREFIX = 'ALERT stale-document';
/** Lines per check, so a thousand stuck documents do not flood the log: a summary line says the rest. */
const MAX_LINES_PER_CHECK = 20;

/** How often to look: a quarter of the threshold, between 1 second and 5 minutes. */
export function staleCheckIntervalMs(staleAfterMs: number): number {
  return Math.min(5 * 60_000, Math.max(1000, Math.round(staleAfterMs / 4)));
}

/** Writes a line per stale document (and a summary past the cap); returns how many there are. */
export async function reportStaleDocuments(storage: Storage, staleAfterMs: number, now: Date, write: (line: string) => void): Promise<number> {
  const { documents, count } = await storage.metadata.listStaleDocuments(new Date(now.getTime() - staleAfterMs), MAX_LINES_PER_CHECK);
  for (const document of documents) {
    const idleMinutes = Math.floor((now.getTime() - Date.parse(document.lastProgressAt)) / 60_000);
    write(
      `${STALE_DOCUMENT_PREFIX} id=${document.id} status=${document.status} attempts=${document.attempts} idle_minutes=${idleMinutes} last_progress=${document.lastProgressAt}: no progress; check the workers and Redis, then GET /v1/documents/${document.id}\n`,
    );
  }
  const total = count.queued + count.processing;
  if (total > documents.length) {
    write(`${STALE_DOCUMENT_PREFIX} summary total=${total} queued=${count.queued} processing=${count.processing} (${total - documents.length} more not listed)\n`);
  }
  return total;
}

/** Checks now and then every staleCheckIntervalMs until stopped; a failed check is one line, not a crash. */
export function watchStaleDocuments(storage: Storage, staleAfterMs: number, write: (line: string) => void): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const check = () => {
    running = reportStaleDocuments(storage, staleAfterMs, new Date(), write).catch((error: Error) =>
      write(`could not check for stale documents: ${error.message}\n`),
    );
  };
  check();
  const timer = setInterval(check, staleCheckIntervalMs(staleAfterMs));
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
