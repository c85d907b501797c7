import { isNotConnectionError } from 'bullmq';
import { Redis } from 'ioredis';
import { RectoError } from '../src/core/errors.ts';

/**
 * The one place Redis connections are made. Workers need `maxRetriesPerRequest: null` so a
 * blocking read survives a Redis restart instead of failing the worker (BullMQ's rule).
 */
export function createRedisConnection(url: string, role: 'worker' | 'client' = 'client'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableReadyCheck: true,
    // Keep retrying with a gentle backoff while Redis restarts; never give up on a worker.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

/**
 * BullMQ keeps jobs as Redis keys; a server that evicts keys under memory pressure silently
 * loses work. Refuse to run unless the eviction policy is `noeviction`.
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = reply[1];
  if (policy !== 'noeviction') {
    throw new RectoError(
      'REDIS_EVICTS_KEYS',
      `Redis maxmemory-policy is "${policy}": queued jobs could be evicted and lost`,
    );
  }
}

/**
 * Says once that Redis went away and once that it answers again. While it is away every
 * client retries (workers and uploads wait; nothing is lost), so one line each way is the
 * useful signal, not an error per retry.
 */
export function reportRedisOutages(redis: Redis, url: string, write: (line: string) => void): void {
  let away = false;
  redis.on('error', (error: Error) => {
    if (away) return;
    away = true;
    write(`Redis at ${url} does not answer (${error.message}): work waits until it is back\n`);
  });
  redis.on('ready', () => {
    if (!away) return;
    away = false;
    write(`Redis at ${url} answers again: work carries on\n`);
  });
}

/**
 * The 'error' listener every BullMQ client (queue, flow producer, worker) needs: without one
 * BullMQ prints each error with its stack, which during a Redis restart is one per client per
 * retry. Lost connections are reported by reportRedisOutages; anything else gets a line.
 */
export function queueErrorListener(label: string, write: (line: string) => void = (line) => process.stderr.write(line)) {
  return (error: Error): void => {
    if (!isConnectionError(error)) write(`${label}: ${error.message}\n`);
  };
}

/** What a socket reports when Redis stops, restarts or cannot be reached (BullMQ's own test misses resets). */
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']);

function isConnectionError(error: Error): boolean {
  return !isNotConnectionError(error) || CONNECTION_ERROR_CODES.has((error as NodeJS.ErrnoException).code ?? '');
}
