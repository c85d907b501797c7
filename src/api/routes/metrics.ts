import type {} from '@fastify/swagger'; // adds tags, summary and hide to route schemas
import type { FastifyInstance } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import { JOB_STATES, type StageQueueViews } from '../../../queues/stage-queue-views.ts';
import { processRegistry } from '../../observability/process-metrics.ts';
import type { Storage } from '../../storage/storage.ts';

/**
 * GET /metrics in Prometheus text format: this process's own counters (stage durations, pages,
 * Node) plus views of the whole deployment read at scrape time, queue depth per stage from
 * Redis, documents per status and stale documents from storage, so one scrape of the API shows
 * the backlog and anything stuck.
 */
export function metricsRoutes(
  app: FastifyInstance,
  { queues, storage, staleAfterMs }: { queues: StageQueueViews; storage: Storage; staleAfterMs: number },
): void {
  const deploymentRegistry = new Registry();
  new Gauge({
    name: 'recto_queue_jobs',
    help: 'Jobs in each stage queue, by BullMQ state',
    labelNames: ['queue', 'state'] as const,
    registers: [deploymentRegistry],
    async collect() {
      this.reset();
      const counts = await queues.jobCounts();
      for (const [stage, byState] of Object.entries(counts)) {
        for (const state of JOB_STATES) this.set({ queue: stage, state }, byState[state]);
      }
    },
  });
  new Gauge({
    name: 'recto_documents',
    help: 'Stored documents, by status',
    labelNames: ['status'] as const,
    registers: [deploymentRegistry],
    async collect() {
      const counts = await storage.metadata.countByStatus();
      for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'recto_documents_stale',
    help: `Documents queued or processing with no progress for over ${Math.round(staleAfterMs / 60_000)} min (STALE_DOCUMENT_MINUTES), by status: alert when above 0`,
    labelNames: ['status'] as const,
    registers: [deploymentRegistry],
    async collect() {
      const { count } = await storage.metadata.listStaleDocuments(new Date(Date.now() - staleAfterMs), 0);
      for (const [status, stale] of Object.entries(count)) this.set({ status }, stale);
    },
  });
  const registry = Registry.merge([processRegistry, deploymentRegistry]);

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
