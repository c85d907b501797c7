import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { STAGES, type Stage } from '../../../queues/stage-queues.ts';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues: every stage queue, its jobs, their data and errors. Read-only,
 * because retrying or deleting a stage job there would bypass the document's own status (a
 * failed document is retried with POST /v1/documents/:id/retry, which starts a fresh attempt).
 */
export async function queueDashboardRoutes(app: FastifyInstance, { queues }: { queues: Record<Stage, Queue> }): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: STAGES.map((stage) => new BullMQAdapter(queues[stage], { readOnlyMode: true, description: `${stage} stage` })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Recto queues' } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
}
