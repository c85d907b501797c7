import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueErrorListener } from './connection.ts';
import type { QueueNames } from './names.ts';

/** Every queue of the flow: capture stages, then filing and delivery (empty unless filing is configured). */
export const STAGES = ['split', 'clean', 'ocr', 'assemble', 'file', 'deliver'] as const;
export type Stage = (typeof STAGES)[number];

/** Read-side handles on every stage queue, for views that look at all of them (metrics, dashboard). */
export function openStageQueues(connection: Redis, names: QueueNames): Record<Stage, Queue> {
  // An error listener each, so a Redis outage is one line from the connection, not a stack trace per retry.
  const open = (stage: Stage) => new Queue(names[stage], { connection, prefix: names.prefix }).on('error', queueErrorListener(`${stage} queue`));
  return Object.fromEntries(STAGES.map((stage) => [stage, open(stage)])) as Record<Stage, Queue>;
}

export async function closeStageQueues(queues: Record<Stage, Queue>): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
