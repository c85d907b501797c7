import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * What this process has done, for Prometheus: stage durations, pages read, documents finished,
 * plus Node's own process metrics. One registry per process, because the stage workers and the
 * API of `recto serve` share a process; each `recto worker` process counts its own work, and
 * Prometheus sums across processes (the usual one-target-per-process model).
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'recto_' });

/** Buckets from a blank page's split (~50 ms) to a dense 300 dpi page's OCR (~1 min). */
const STAGE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80];

export const stageDuration = new Histogram({
  name: 'recto_stage_duration_seconds',
  help: 'Time one queue job of a stage took, by stage and outcome (ok, retry, failed)',
  labelNames: ['stage', 'outcome'] as const,
  buckets: STAGE_BUCKETS,
  registers: [processRegistry],
});

export const pagesProcessed = new Counter({
  name: 'recto_pages_processed_total',
  help: 'Pages OCR\'d by stage workers in this process',
  registers: [processRegistry],
});

export const documentsFinished = new Counter({
  name: 'recto_documents_finished_total',
  help: 'Documents that reached a final state in this process, by status (done, failed)',
  labelNames: ['status'] as const,
  registers: [processRegistry],
});
