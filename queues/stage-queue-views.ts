import type { BaseAdapter } from '@bull-board/api/baseAdapter';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { Redis } from 'ioredis';
import type { QueueNames } from './names.ts';
import { closeStageQueues, openStageQueues, STAGES, type Stage } from './stage-queues.ts';

/** The BullMQ job states worth watching: a growing `waiting` means workers cannot keep up. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'waiting-children', 'prioritized', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * What the API's views (metrics, the queue dashboard) read from the stage queues, without
 * knowing BullMQ's shapes: that knowledge stays in queues/.
 */
export interface StageQueueViews {
  /** Jobs in each stage queue, by state. */
  jobCounts(): Promise<Record<Stage, Record<JobState, number>>>;
  /**
   * bull-board's view of every stage queue. Read-only, because retrying or deleting a stage
   * job there would bypass the document's own status (a failed document is retried with
   * POST /v1/documents/:id/retry, which starts a fresh attempt).
   */
  dashboardAdapters(): BaseAdapter[];
  close(): Promise<void>;
}

export function openStageQueueViews(connection: Redis, names: QueueNames): StageQueueViews {
  const queues = openStageQueues(connection, names);
  return {
    jobCounts: async () => {
      const counts = await Promise.all(STAGES.map((stage) => queues[stage].getJobCounts(...JOB_STATES)));
      const byState = (index: number) => Object.fromEntries(JOB_STATES.map((state) => [state, counts[index][state] ?? 0])) as Record<JobState, number>;
      return Object.fromEntries(STAGES.map((stage, index) => [stage, byState(index)])) as Record<Stage, Record<JobState, number>>;
    },
    dashboardAdapters: () => STAGES.map((stage) => new BullMQAdapter(queues[stage], { readOnlyMode: true, description: `${stage} stage` })),
    close: () => closeStageQueues(queues),
  };
}
