import { describe, expect, it } from 'vitest';
import { DELIVERY_JOB_OPTIONS, nextAttemptAt } from '../../queues/job-options.ts';

/** When a failed delivery is tried again must match BullMQ's own backoff, or "retrying at" would say the wrong time. */
describe('nextAttemptAt', () => {
  const now = Date.parse('2026-12-02T09:00:00.000Z');

  it('follows the delivery backoff: 10 s after the first try, doubling after each', () => {
    expect(nextAttemptAt({ attemptsMade: 0, opts: DELIVERY_JOB_OPTIONS }, now)?.toISOString()).toBe('2026-12-02T09:00:10.000Z');
    expect(nextAttemptAt({ attemptsMade: 1, opts: DELIVERY_JOB_OPTIONS }, now)?.toISOString()).toBe('2026-12-02T09:00:20.000Z');
    expect(nextAttemptAt({ attemptsMade: 3, opts: DELIVERY_JOB_OPTIONS }, now)?.toISOString()).toBe('2026-12-02T09:01:20.000Z');
  });

  it('is null on the last try: nothing will try again', () => {
    expect(nextAttemptAt({ attemptsMade: 13, opts: DELIVERY_JOB_OPTIONS }, now)).toBeNull();
    expect(nextAttemptAt({ attemptsMade: 0, opts: {} }, now)).toBeNull();
  });

  it('waits the same each time with a fixed backoff or a bare number', () => {
    expect(nextAttemptAt({ attemptsMade: 2, opts: { attempts: 5, backoff: { type: 'fixed', delay: 500 } } }, now)?.getTime()).toBe(now + 500);
    expect(nextAttemptAt({ attemptsMade: 2, opts: { attempts: 5, backoff: 250 } }, now)?.getTime()).toBe(now + 250);
  });
});
