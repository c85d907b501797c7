import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FlowProducer } from 'bullmq';
import type { Redis } from 'ioredis';
import { assertNoEviction, createRedisConnection } from '../../queues/connection.ts';
import { DocumentQueue } from '../../queues/enqueue.ts';
import { type QueueNames, queueNames } from '../../queues/names.ts';
import { closeStageQueues, openStageQueues } from '../../queues/stage-queues.ts';
import { pipelineOptionsFromEnv } from '../../src/service/pipeline-env.ts';
import { type RunningFiling, startFiling } from '../../src/service/start-filing.ts';
import type { OcrEngine } from '../../src/engines/ocr-engine.ts';
import { type EmbeddedStorage, openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import type { ReviewStore } from '../../src/review/review-store.ts';
import { startStageWorkers } from '../../workers/start-workers.ts';
import type { WorkerContext } from '../../workers/worker-context.ts';

/**
 * A queue runner for a test: real Redis (127.0.0.1:6379) under a random queue prefix, real
 * storage in a temporary folder, stage workers in this process. `stop` removes every trace.
 */
export interface QueueHarness {
  names: QueueNames;
  connection: Redis;
  storage: EmbeddedStorage;
  review: ReviewStore;
  queue: DocumentQueue;
  dataDir: string;
  options: WorkerContext['options'];
  /** Present when started with a trust configuration. */
  filing?: RunningFiling;
  stop(): Promise<void>;
}

export async function startQueueHarness(
  label: string,
  engine: OcrEngine,
  /** env: the pipeline's variables (PDF_DPI, DROP_BLANK, …), read as `recto serve` reads them. */
  settings: { trustConfig?: string; env?: NodeJS.ProcessEnv; filingRetries?: { attempts: number; backoffMs: number } } = {},
): Promise<QueueHarness> {
  const names = queueNames(`recto-${label}-${randomUUID().slice(0, 8)}`);
  const connection = createRedisConnection('redis://127.0.0.1:6379', 'worker');
  await assertNoEviction(connection);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `recto-${label}-`));
  const storage = openEmbeddedStorage({ dataDir });
  const flow = new FlowProducer({ connection, prefix: names.prefix });
  const queue = new DocumentQueue(connection, names);
  // A stand-in engine's words are not where the page's ink is: the text coverage check would find
  // every real line unread. Tests of that check use the real engine (test/golden/text-missing.test.ts).
  const env = engine.name === 'fake' ? { TEXT_COVERAGE_CHECK: 'off', ...settings.env } : (settings.env ?? {});
  const options = pipelineOptionsFromEnv(env);
  const filing = settings.trustConfig
    ? await startFiling(settings.trustConfig, { review: storage.review, deliveries: storage.deliveries, audit: storage.audit, metadata: storage.metadata, storage, search: storage.search, connection, names, log: () => undefined, filingRetries: settings.filingRetries })
    : undefined;
  const workers = startStageWorkers(
    { storage, search: storage.search, engine, names, connection, flow, options, filing: filing?.context },
    { split: 1, clean: 2, ocr: 2, assemble: 1 },
  );
  return {
    names,
    connection,
    storage,
    review: storage.review,
    queue,
    dataDir,
    options,
    filing,
    stop: async () => {
      await workers.close();
      await filing?.close();
      await queue.close();
      await flow.close();
      const queues = openStageQueues(connection, names);
      for (const queue of Object.values(queues)) await queue.obliterate({ force: true });
      await closeStageQueues(queues);
      await storage.close();
      await connection.quit();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
