import { type Job, Worker } from 'bullmq';
import type { WorkerContext } from './worker-context.ts';
import { assembleProcessor } from './assemble-worker.ts';
import { cleanProcessor } from './clean-worker.ts';
import { ocrProcessor } from './ocr-worker.ts';
import { splitProcessor } from './split-worker.ts';

export interface StageConcurrency {
  split: number;
  clean: number;
  ocr: number;
  assemble: number;
}

/**
 * Starts one BullMQ worker per stage in this process. OCR concurrency should match the OCR
 * engine's pool; cleaning one page ahead keeps that pool fed. `close` lets each worker finish
 * its current jobs (BullMQ's graceful close) before the connections go.
 */
export function startStageWorkers(context: WorkerContext, concurrency: StageConcurrency): { close(): Promise<void> } {
  const common = { connection: context.connection, prefix: context.names.prefix };
  const make = <Data, Result>(queue: string, processor: (job: Job<Data>) => Promise<Result>, count: number) =>
    new Worker<Data, Result>(queue, processor, { ...common, concurrency: count, stalledInterval: 15_000, maxStalledCount: 2 });
  const workers = [
    make(context.names.split, splitProcessor(context), concurrency.split),
    make(context.names.clean, cleanProcessor(context), concurrency.clean),
    make(context.names.ocr, ocrProcessor(context), concurrency.ocr),
    make(context.names.assemble, assembleProcessor(context), concurrency.assemble),
  ];
  // A failing job is BullMQ's business (retry or fail); a worker must never crash the process.
  for (const worker of workers) worker.on('error', () => undefined);
  return {
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
