import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueErrorListener } from './connection.ts';
import type { QueueNames } from './names.ts';

export const STAGES = ['split', 'clean', 'ocr', 'assemble'] as const;
export type Stage = (typeof STAGES)[number];

/** Read-side handles on every stage queue, for views that look at all of them (metrics, dashboard). */
export function openStageQueues(connection: Redis, names: QueueNames): Record<Stage, Queue> {
  // An error listener each, so a Redis outage is one line from the connection, not a stack trace per retry.
  const open = (stage: Stage) => new Queue(names[stage], { connection, prefix: names.prefix }).on('error', queueErrorListener(`${stage} queue`));
  return { split: open('split'), clean: open('clean'), ocr: open('ocr'), assemble: open('assemble') };
}

export async function closeStageQueues(queues: Record<Stage, Queue>): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
