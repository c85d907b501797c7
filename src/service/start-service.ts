import { FlowProducer } from 'bullmq';
import { assertNoEviction, createRedisConnection } from '../../queues/connection.ts';
import { DocumentQueue } from '../../queues/enqueue.ts';
import { queueNames } from '../../queues/names.ts';
import { startStageWorkers } from '../../workers/start-workers.ts';
import { buildApi } from '../api/build-app.ts';
import { configureImageMemory } from '../core/image-memory.ts';
import { createTesseractEngine } from '../engines/tesseract-engine.ts';
import { openEmbeddedStorage } from '../storage/open-embedded-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { ensureRedis } from './ensure-redis.ts';
import type { ServiceConfig } from './service-config.ts';

export interface RunningService {
  /** The API's address, when this process serves it. */
  url?: string;
  stop(): Promise<void>;
}

/**
 * Starts the capture service: `serve` runs the API and stage workers in one process (the
 * embedded default); `worker` runs only workers, for more processes or machines sharing the
 * same Redis and storage.
 */
export async function startService(config: ServiceConfig, role: 'serve' | 'worker'): Promise<RunningService> {
  configureImageMemory();
  await ensureRedis(config.REDIS_URL, config.DATA_DIR, config.START_REDIS);
  const connection = createRedisConnection(config.REDIS_URL, 'worker');
  await assertNoEviction(connection);
  const storage = openEmbeddedStorage({ dataDir: config.DATA_DIR });
  const names = queueNames(config.QUEUE_PREFIX);
  const flow = new FlowProducer({ connection, prefix: names.prefix });
  const queue = new DocumentQueue(connection, names);
  const engine = await createTesseractEngine({ workers: Math.max(1, config.OCR_WORKERS) });
  const options = { pdfDpi: 300, maxInputPixels: 100_000_000, jpegQuality: 70, dropBlank: false, lowConfidenceThreshold: 70 };
  const ocrConcurrency = Math.max(1, config.OCR_WORKERS);
  const workers = startStageWorkers(
    { storage, engine, names, connection, flow, options },
    { split: 1, clean: ocrConcurrency, ocr: ocrConcurrency, assemble: 1 },
  );
  const app = role === 'serve' ? await buildApi({ storage, queue, redis: connection, maxUploadBytes: config.MAX_UPLOAD_BYTES }) : undefined;
  const url = app ? await app.listen({ host: config.HOST, port: config.PORT }) : undefined;
  if (role === 'serve') await requeueStranded(storage, queue);
  return {
    url,
    stop: async () => {
      await app?.close(); // stop taking uploads first
      await workers.close(); // let current jobs finish
      await Promise.all([queue.close(), flow.close(), engine.close()]);
      await storage.close();
      await connection.quit();
    },
  };
}

/**
 * A document stored and marked queued whose job never reached Redis (the API stopped between
 * the two) is queued again at start. Job ids are fixed per attempt, so nothing runs twice.
 */
async function requeueStranded(storage: Storage, queue: DocumentQueue): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await storage.metadata.listDocuments({ limit: 500, cursor, status: 'queued' });
    for (const document of page.documents) await queue.enqueue(document.id, document.attempts + 1);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
