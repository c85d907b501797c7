import type { Redis } from 'ioredis';
import type { DocumentQueue } from '../../queues/enqueue.ts';
import type { FilingQueues } from '../../queues/filing-queues.ts';
import type { DocumentRecord, ListDocumentsQuery, Storage } from '../storage/storage.ts';

/**
 * Documents whose work is not in Redis are queued again, at start and whenever Redis is back:
 *
 * - `queued`, whose job never reached Redis (the API stopped between the two) or was lost: the
 *   next attempt's split is queued; job ids are fixed per attempt, so a job Redis still has is
 *   not added twice.
 * - `processing`, whose jobs Redis lost (a restart without its newest writes, or without any):
 *   the same attempt's split is queued again, but only if none of that attempt's jobs is still
 *   in Redis (DocumentQueue.requeueIfLost), so a document a worker is on is left to it.
 * - filing `pending` (with filing configured), whose file job Redis lost: its file job is added
 *   again under the same id, which is a no-op for a job Redis still has in any state.
 *
 * Returns the ids of processing documents queued again.
 */
export async function requeueStranded(storage: Storage, queue: DocumentQueue, filing?: Pick<FilingQueues, 'fileDocument'>): Promise<string[]> {
  const requeued: string[] = [];
  for await (const document of documentsWhere(storage, { status: 'queued' })) {
    await queue.enqueue(document.id, document.attempts + 1);
  }
  for await (const document of documentsWhere(storage, { status: 'processing' })) {
    // The split moved it to processing and counted the attempt: its jobs carry that number.
    if (await queue.requeueIfLost(document.id, document.attempts)) requeued.push(document.id);
  }
  if (filing) {
    for await (const document of documentsWhere(storage, { filing: 'pending' })) {
      await filing.fileDocument({ documentId: document.id, attempt: document.attempts, filingAttempt: document.filing?.attempts });
    }
  }
  return requeued;
}

async function* documentsWhere(storage: Storage, where: Pick<ListDocumentsQuery, 'status' | 'filing'>): AsyncGenerator<DocumentRecord> {
  let cursor: string | undefined;
  do {
    const page = await storage.metadata.listDocuments({ limit: 500, cursor, ...where });
    yield* page.documents;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * Redis can come back from a restart without its newest jobs: the local redis-server Recto
 * starts fsyncs its log once a second, and a Redis run without persistence keeps nothing. So
 * each time the connection is ready again, stranded documents are queued again (a no-op for
 * every document whose work Redis still has).
 */
export function requeueStrandedWhenRedisReturns(
  redis: Redis,
  storage: Storage,
  queue: DocumentQueue,
  write: (line: string) => void,
  filing?: Pick<FilingQueues, 'fileDocument'>,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true; // one more pass after this one, for documents it has already gone past
      return;
    }
    running = requeueStranded(storage, queue, filing)
      .then((requeued) => reportRequeued(requeued, write))
      .catch((error: Error) => write(`could not queue stranded documents again: ${error.message}\n`))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  redis.on('ready', run);
  return {
    stop: async () => {
      redis.off('ready', run);
      again = false;
      await running;
    },
  };
}

/** One line when processing documents had lost their jobs: worth knowing that Redis lost work. */
export function reportRequeued(requeued: readonly string[], write: (line: string) => void): void {
  if (requeued.length === 0) return;
  const shown = requeued.slice(0, 10).join(', ');
  write(`Redis had lost the jobs of ${requeued.length} processing document(s); queued again: ${shown}${requeued.length > 10 ? ', …' : ''}\n`);
}
