import { createBullBoard } from '@bull-board/api';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
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
  // A scope of its own, so the hook rewrites bull-board's answers and nothing else.
  await app.register(
    async (dashboard) => {
      dashboard.addHook('onSend', async (_request, reply, payload) => withoutRemoteLinks(reply, payload));
      await dashboard.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}

/**
 * bull-board's page links Google Fonts (IBM Plex); on an air-gapped network that is a request to
 * nowhere, and the CSP refuses it anyway. The page is rendered from bull-board's own template on
 * each request, so the link is taken out of the HTML as it leaves rather than by keeping a copy
 * of the template, whose hashed script names change with every bull-board release. Any `<link>`
 * to another host goes, not just this one: a new one in a later release is dropped too. Its CSS
 * names the font with fallbacks, so the dashboard uses the system's sans-serif.
 */
export function withoutRemoteLinks(reply: FastifyReply, payload: unknown): unknown {
  if (typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
  return payload.replace(/<link\b[^>]*\bhref=["']?(?:https?:)?\/\/[^>]*>/gi, '');
}
