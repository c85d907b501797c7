import { createBullBoard } from '@bull-board/api';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { StageQueueViews } from '../../../queues/stage-queue-views.ts';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** bull-board at /admin/queues: every stage queue, its jobs, their data and errors, read-only. */
export async function queueDashboardRoutes(app: FastifyInstance, { queues }: { queues: StageQueueViews }): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.dashboardAdapters(),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Recto queues' } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
}
