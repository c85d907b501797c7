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
