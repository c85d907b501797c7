import { RectoError } from '../src/core/errors.ts';

/**
 * Runs a call to Redis through BullMQ. What ioredis or BullMQ throw here (a lost connection, a
 * command refused while Redis restarts) is infrastructure trouble worth trying again, so it
 * becomes QUEUE_UNAVAILABLE; left bare it would be INTERNAL, a bug, and never retried.
 */
export async function queueCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RectoError) throw error;
    throw new RectoError('QUEUE_UNAVAILABLE', `${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
