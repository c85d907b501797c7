import type {} from '@fastify/swagger'; // adds tags, summary and hide to route schemas
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import { STAGES, type Stage } from '../../../queues/stage-queues.ts';
import { processRegistry } from '../../observability/process-metrics.ts';
import type { Storage } from '../../storage/storage.ts';

/** The BullMQ job states worth watching: a growing `waiting` means workers cannot keep up. */
const JOB_STATES = ['waiting', 'active', 'delayed', 'waiting-children', 'prioritized', 'completed', 'failed'] as const;

/**
 * GET /metrics in Prometheus text format: this process's own counters (stage durations, pages,
 * Node) plus views of the whole deployment read at scrape time, queue depth per stage from
 * Redis, documents per status and stale documents from storage, so one scrape of the API shows
 * the backlog and anything stuck.
 */
export function metricsRoutes(
  app: FastifyInstance,
  { queues, storage, staleAfterMs }: { queues: Record<Stage, Queue>; storage: Storage; staleAfterMs: number },
): void {
  const deploymentRegistry = new Registry();
  new Gauge({
    name: 'recto_queue_jobs',
    help: 'Jobs in each stage queue, by BullMQ state',
    labelNames: ['queue', 'state'] as const,
    registers: [deploymentRegistry],
    async collect() {
      this.reset();
      const counts = await Promise.all(STAGES.map((stage) => queues[stage].getJobCounts(...JOB_STATES)));
      STAGES.forEach((stage, index) => {
        for (const state of JOB_STATES) this.set({ queue: stage, state }, counts[index][state] ?? 0);
      });
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
