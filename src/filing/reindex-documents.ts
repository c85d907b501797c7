import { asRectoError } from '../core/errors.ts';
import type { SearchStaleMark } from '../storage/storage.ts';
import { type ReindexOutcome, type ReindexSources, reindexDocument } from './reindex-document.ts';

/**
 * Rebuilds the search index from the stored documents (all, or one), each by reindexDocument's
 * rules, and drops entries of documents no longer stored. The index file is not fsynced: this
 * is how it is made whole again after a crash, a lost file or a failed approval-time index
 * write. A document whose index entry was owed (markSearchStale) is cleared once it is done.
 */

export interface ReindexSummary {
  indexed: number;
  /** Of those indexed, how many are under a patient. */
  attributed: number;
  removed: Array<{ documentId: string; reason: string }>;
  skipped: Array<{ documentId: string; reason: string }>;
  /** Documents whose reindexing threw (the index or a store down): the rest carried on. */
  failed: Array<{ documentId: string; code: string; message: string }>;
}

export interface ReindexProgress {
  /** How many documents there are to go through, once known. */
  onStart?(total: number): void;
  onDocumentDone?(outcome: ReindexOutcome | { documentId: string; action: 'failed'; code: string }): void;
}

/** Stored documents are read this many at a time. */
const PAGE_SIZE = 500;

export async function reindexDocuments(sources: ReindexSources, options: { documentId?: string; progress?: ReindexProgress } = {}): Promise<ReindexSummary> {
  const ids = options.documentId ? [options.documentId] : await everyDocumentId(sources);
  const owed = new Map((await sources.storage.metadata.listSearchStale()).map((mark) => [mark.documentId, mark]));
  const summary: ReindexSummary = { indexed: 0, attributed: 0, removed: [], skipped: [], failed: [] };
  options.progress?.onStart?.(ids.length);
  for (const documentId of ids) {
    try {
      const outcome = await reindexDocument(sources, documentId);
      tally(summary, outcome);
      await clearOwed(sources, owed.get(documentId), outcome);
      options.progress?.onDocumentDone?.(outcome);
    } catch (thrown) {
      const error = asRectoError(thrown);
      summary.failed.push({ documentId, code: error.code, message: error.message });
      options.progress?.onDocumentDone?.({ documentId, action: 'failed', code: error.code });
    }
  }
  return summary;
}

/**
 * Indexes again the documents whose entry is owed (an approval whose index write failed), at
 * most `limit` of the longest-owed; the service runs it on a timer. Returns what it did, so the
 * caller can log what is still owed.
 */
export async function repairOwedIndexEntries(sources: ReindexSources, limit: number): Promise<ReindexSummary> {
  const marks = await sources.storage.metadata.listSearchStale(limit);
  const summary: ReindexSummary = { indexed: 0, attributed: 0, removed: [], skipped: [], failed: [] };
  for (const mark of marks) {
    try {
      const outcome = await reindexDocument(sources, mark.documentId);
      tally(summary, outcome);
      await clearOwed(sources, mark, outcome);
    } catch (thrown) {
      const error = asRectoError(thrown);
      summary.failed.push({ documentId: mark.documentId, code: error.code, message: error.message });
    }
  }
  return summary;
}

/** Every stored document, then every indexed one no longer stored (to be removed). */
async function everyDocumentId(sources: ReindexSources): Promise<string[]> {
  const stored: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await sources.storage.metadata.listDocuments({ limit: PAGE_SIZE, cursor });
    stored.push(...page.documents.map((document) => document.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const known = new Set(stored);
  const gone = (await sources.search.documentIds()).filter((id) => !known.has(id));
  // Oldest first, as they were captured.
  return [...stored.reverse(), ...gone];
}

function tally(summary: ReindexSummary, outcome: ReindexOutcome): void {
  if (outcome.action === 'indexed') {
    summary.indexed++;
    if (outcome.nhsNumber) summary.attributed++;
  } else if (outcome.action === 'removed') {
    summary.removed.push({ documentId: outcome.documentId, reason: outcome.reason });
  } else {
    summary.skipped.push({ documentId: outcome.documentId, reason: outcome.reason });
  }
}

/** A skipped document still owes its entry (e.g. the patient index was not given); indexed or removed, it is settled. */
async function clearOwed(sources: ReindexSources, mark: SearchStaleMark | undefined, outcome: ReindexOutcome): Promise<void> {
  if (mark && outcome.action !== 'skipped') await sources.storage.metadata.clearSearchStale(mark);
}
