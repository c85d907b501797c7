import Fastify from 'fastify';
import { processRegistry } from '../observability/process-metrics.ts';

/**
 * What a `recto worker` process serves when METRICS_PORT is set: its own Prometheus metrics
 * (pages it read, its stage durations, its memory) and a liveness check. The API's /metrics
 * shows the deployment's queues and documents; each worker's work is scraped from the worker,
 * one target per process, and summed by Prometheus.
 */
export async function startWorkerMetricsServer(host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_request, reply) => reply.type(processRegistry.contentType).send(await processRegistry.metrics()));
  app.get('/healthz', async () => ({ status: 'ok' }));
  const url = await app.listen({ host, port });
  return { url, close: () => app.close() };
}
