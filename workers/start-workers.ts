import os from 'node:os';
import { type Job, Worker } from 'bullmq';
import { queueErrorListener } from '../queues/connection.ts';
import type { WorkerContext } from './worker-context.ts';
import { assembleProcessor } from './assemble-worker.ts';
import { cleanProcessor } from './clean-worker.ts';
import { deliverProcessor } from './deliver-worker.ts';
import { fileProcessor } from './file-worker.ts';
import { ocrProcessor } from './ocr-worker.ts';
import { splitProcessor } from './split-worker.ts';

/** What a process starting workers needs to know of them: this file is the workers' one entry point from src/. */
export type { FilingContext, WorkerContext } from './worker-context.ts';

export interface StageConcurrency {
  split: number;
  clean: number;
  ocr: number;
  assemble: number;
}

export interface StageWorkerSettings {
  /** A job's lock lasts this long unless its worker renews it (every half of it). */
  lockDurationMs: number;
  /** How often each worker looks for jobs whose lock has expired (their process died) and hands them out again. */
  stalledIntervalMs: number;
  /** Recorded on every job this process takes (BullMQ's processedBy), so an operator can tell which process ran it. */
  processName: string;
}

export const DEFAULT_WORKER_SETTINGS: StageWorkerSettings = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 15_000,
  processName: `${os.hostname()}:${process.pid}`,
};

/**
 * Starts one BullMQ worker per stage in this process. OCR concurrency should match the OCR
 * engine's pool; cleaning one page ahead keeps that pool fed. `close` lets each worker finish
 * its current jobs (BullMQ's graceful close) before the connections go.
 */
export function startStageWorkers(
  context: WorkerContext,
  concurrency: StageConcurrency,
  settings: StageWorkerSettings = DEFAULT_WORKER_SETTINGS,
): { close(): Promise<void> } {
  const common = {
    connection: context.connection,
    prefix: context.names.prefix,
    name: settings.processName,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.stalledIntervalMs,
    maxStalledCount: 2,
  };
  const make = <Data, Result>(queue: string, processor: (job: Job<Data>) => Promise<Result>, count: number) =>
    new Worker<Data, Result>(queue, processor, { ...common, concurrency: count });
  const workers: Worker[] = [
    make(context.names.split, splitProcessor(context), concurrency.split),
    make(context.names.clean, cleanProcessor(context), concurrency.clean),
    make(context.names.ocr, ocrProcessor(context), concurrency.ocr),
    make(context.names.assemble, assembleProcessor(context), concurrency.assemble),
  ];
  if (context.filing) {
    // Filing is light (text rules, an index lookup); delivery waits on record systems, so a few at once.
    workers.push(make(context.names.file, fileProcessor(context, context.filing), 1));
    workers.push(make(context.names.deliver, deliverProcessor(context, context.filing), 4));
  }
  // A failing job is BullMQ's business (retry or fail); a worker error must never crash the
  // process, but one that is not a lost connection (e.g. a lock lost to a stall) is worth a line.
  for (const worker of workers) worker.on('error', queueErrorListener(`${worker.name} worker`));
  return {
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
