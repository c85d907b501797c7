import type { Redis } from 'ioredis';
import type { DocumentQueue } from '../../queues/enqueue.ts';
import type { Storage } from '../storage/storage.ts';

/**
 * A document stored and marked queued whose job never reached Redis (the API stopped between
 * the two) is queued again at start. Job ids are fixed per attempt, so nothing runs twice.
 */
export async function requeueStranded(storage: Storage, queue: DocumentQueue): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await storage.metadata.listDocuments({ limit: 500, cursor, status: 'queued' });
    for (const document of page.documents) await queue.enqueue(document.id, document.attempts + 1);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * Redis can come back from a restart without its newest jobs: the local redis-server Recto
 * starts fsyncs its log once a second, and a Redis run without persistence keeps nothing. So
 * each time the connection is ready again, queued documents are queued again (a no-op for
 * every job Redis still has).
 */
export function requeueStrandedWhenRedisReturns(
  redis: Redis,
  storage: Storage,
  queue: DocumentQueue,
  write: (line: string) => void,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true; // one more pass after this one, for documents it has already gone past
      return;
    }
    running = requeueStranded(storage, queue)
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
