import path from 'node:path';
import type { Redis } from 'ioredis';
import { assertNoEviction, createRedisConnection, reportRedisOutages } from '../../queues/connection.ts';
import { openFlowProducer } from '../../queues/document-flow.ts';
import { DocumentQueue } from '../../queues/enqueue.ts';
import { type QueueNames, queueNames } from '../../queues/names.ts';
import { DEFAULT_WORKER_SETTINGS, startStageWorkers } from '../../workers/start-workers.ts';
import type { OidcFlow } from '../api/routes/auth.ts';
import { accessAuditOf } from './access-audit.ts';
import { oidcConfigFromEnv } from '../auth/oidc-config.ts';
import { lazyOidcSignIn } from '../auth/oidc-sign-in.ts';
import { buildApi } from '../api/build-app.ts';
import { RectoError } from '../core/errors.ts';
import { configureImageMemory } from '../core/image-memory.ts';
import { createOcrEngine } from '../engines/create-ocr-engine.ts';
import { type EmbeddedStorage, openEmbeddedStorage } from '../storage/open-embedded-storage.ts';
import { ensureRedis } from './ensure-redis.ts';
import { reportRequeued, requeueStranded, requeueStrandedWhenRedisReturns } from './requeue-stranded.ts';
import { type RunningFiling, startFiling } from './start-filing.ts';
import { watchStaleDocuments } from './stale-documents.ts';
import { startWorkerMetricsServer } from './worker-metrics-server.ts';
import type { ServiceConfig } from './service-config.ts';

/**
 * Temporary upload files older than this are a crashed process's leftovers. A live upload
 * touches its file with every chunk it writes, so only one stalled for an hour (long past any
 * client's timeout) could lose its file; one in another process never does.
 */
const TEMP_FILE_MAX_AGE_MS = 60 * 60 * 1000;

export interface RunningService {
  /** The API's address, or a worker's metrics address when METRICS_PORT is set. */
  url?: string;
  stop(): Promise<void>;
}

/**
 * Starts the capture service: `serve` runs the API and stage workers in one process (the
 * embedded default; OCR_WORKERS=0 makes it API-only); `worker` runs only workers, for more
 * processes or machines sharing the same Redis and storage.
 */
export async function startService(config: ServiceConfig, role: 'serve' | 'worker'): Promise<RunningService> {
  if (role === 'worker' && config.OCR_WORKERS === 0) {
    throw new RectoError('INVALID_OPTIONS', 'OCR_WORKERS=0 leaves a worker process nothing to do; set it to 1 or more');
  }
  configureImageMemory();
  await ensureRedis(config.REDIS_URL, config.DATA_DIR, config.START_REDIS);
  const connection = createRedisConnection(config.REDIS_URL, 'worker');
  reportRedisOutages(connection, config.REDIS_URL, (line) => process.stderr.write(line));
  await assertNoEviction(connection);
  const storage = openEmbeddedStorage({ dataDir: config.DATA_DIR });
  const swept = await storage.blobs.sweepTempFiles(TEMP_FILE_MAX_AGE_MS);
  if (swept > 0) process.stderr.write(`recto: removed ${swept} temporary upload file(s) over an hour old, left by a process that stopped mid-upload\n`);
  const names = queueNames(config.QUEUE_PREFIX);
  const queue = new DocumentQueue(connection, names);
  const log = (line: string) => process.stderr.write(line);
  const staleAfterMs = config.STALE_DOCUMENT_MINUTES * 60_000;
  const filing = config.TRUST_CONFIG ? await startFiling(config.TRUST_CONFIG, { review: storage.review, deliveries: storage.deliveries, audit: storage.audit, metadata: storage.metadata, storage, search: storage.search, connection, names, log }) : undefined;
  const workers = config.OCR_WORKERS > 0 ? await startWorkers(config, { storage, names, connection, filing }) : undefined;
  const app =
    role === 'serve'
      ? await buildApi({
          storage,
          queue,
          redis: connection,
          maxUploadBytes: config.MAX_UPLOAD_BYTES,
          fontsDir: config.FONTS_DIR,
          review: storage.review,
          filing,
          auth: storage.auth,
          authConfig: config,
          audit: accessAuditOf(storage),
          auditLog: storage.audit,
          deliveries: storage.deliveries,
          search: storage.search,
          oidc: oidcFlowOf(config),
          staleAfterMs,
          inputLimits: config.pipeline,
        })
      : undefined;
  if (role === 'serve') await explainFirstStart(storage, log);
  if (role === 'serve' && !config.PUBLIC_URL && !isLoopback(config.HOST)) {
    log(`HOST is ${config.HOST} but PUBLIC_URL is unset: set PUBLIC_URL to the address people use (e.g. https://recto.trust.nhs.uk), so only that origin can change things and cookies are Secure behind TLS.\n`);
  }
  const url = app ? await app.listen({ host: config.HOST, port: config.PORT }) : undefined;
  const metrics =
    role === 'worker' && config.METRICS_PORT !== undefined ? await startWorkerMetricsServer(config.HOST, config.METRICS_PORT) : undefined;
  if (role === 'serve') reportRequeued(await requeueStranded(storage, queue, filing?.context.queues), log);
  const requeue = role === 'serve' ? requeueStrandedWhenRedisReturns(connection, storage, queue, (line) => process.stderr.write(line), filing?.context.queues) : undefined;
  // One process of a deployment reports stale documents: the API (`serve`), like re-queuing.
  const staleWatch = role === 'serve' ? watchStaleDocuments(storage, staleAfterMs, log) : undefined;
  return {
    url: url ?? metrics?.url,
    stop: async () => {
      await app?.close(); // stop taking uploads first
      await metrics?.close();
      await workers?.close(); // let current jobs finish
      await requeue?.stop();
      await staleWatch?.stop();
      await filing?.close();
      await queue.close();
      await storage.close();
      await connection.quit();
    },
  };
}

/** OpenID Connect sign-in when OIDC_ISSUER is set; the provider is asked on first use, so Recto starts (and local accounts work) while it is down. */
function oidcFlowOf(config: ServiceConfig): OidcFlow | undefined {
  const oidc = oidcConfigFromEnv(config);
  return oidc ? { ...lazyOidcSignIn(oidc), displayName: config.OIDC_DISPLAY_NAME, redirectUri: oidc.redirectUri } : undefined;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** With no accounts yet, nobody can sign in: say how to make the first admin. */
async function explainFirstStart(storage: EmbeddedStorage, log: (line: string) => void): Promise<void> {
  if ((await storage.auth.countUsers()) > 0) return;
  log(
    'No users yet: nobody can sign in. Create the first admin with\n' +
      '  npx recto user add <name> --role admin\n' +
      '(same DATA_DIR as this service), then sign in at /sign-in. See README "Sign-in".\n',
  );
}

/** The stage workers of one process, with the OCR engine they share. */
async function startWorkers(
  config: ServiceConfig,
  shared: { storage: EmbeddedStorage; names: QueueNames; connection: Redis; filing?: RunningFiling },
): Promise<{ close(): Promise<void> }> {
  const { storage, names, connection } = shared;
  const flow = openFlowProducer(connection, names);
  const engine = await createOcrEngine(
    // best_int is unzipped for the native engine under DATA_DIR, which outlives restarts (and containers).
    { engine: config.OCR_ENGINE, model: config.OCR_MODEL, tessdataDir: config.OCR_TESSDATA, cacheDir: path.join(config.DATA_DIR, 'tessdata') },
    config.OCR_WORKERS,
  );
  const workers = startStageWorkers(
    { storage, search: storage.search, engine, names, connection, flow, options: config.pipeline, filing: shared.filing?.context },
    { split: 1, clean: config.OCR_WORKERS, ocr: config.OCR_WORKERS, assemble: 1 },
    { ...DEFAULT_WORKER_SETTINGS, lockDurationMs: config.JOB_LOCK_MS, stalledIntervalMs: config.STALLED_CHECK_MS },
  );
  return {
    close: async () => {
      await workers.close();
      await Promise.all([flow.close(), engine.close()]);
    },
  };
}
