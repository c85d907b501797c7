import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { DocumentQueue } from '../../queues/enqueue.ts';
import { closeStageQueues, openStageQueues } from '../../queues/stage-queues.ts';
import { RectoError } from '../core/errors.ts';
import type { ReviewItem, ReviewStore } from '../storage/review-store.ts';
import type { Storage } from '../storage/storage.ts';
import { registerOpenApi } from './openapi.ts';
import { reviewWebRoutes } from '../web/review-web-routes.ts';
import { sendProblem } from './problem.ts';
import { deliveryRoutes } from './routes/deliveries.ts';
import { documentRoutes } from './routes/documents.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { queueDashboardRoutes } from './routes/queue-dashboard.ts';
import { reviewRoutes } from './routes/review.ts';

export interface ApiDependencies {
  storage: Storage;
  queue: DocumentQueue;
  redis: Redis;
  maxUploadBytes: number;
  /** Checked on each PDF or TIFF upload before it is accepted (defaults: 2000 pages, 100 Mpx). */
  inputLimits?: { maxPages: number; maxInputPixels: number };
  /** With a review store, the review queue is served under /v1/review. */
  review?: ReviewStore;
  /** Filing, when the trust configured it: checks and acts on approvals, re-delivers on request. */
  filing?: {
    checkApproval(item: ReviewItem): Promise<void>;
    deliverApproved(item: ReviewItem): Promise<void>;
    redeliver(documentId: string, sink: string): Promise<void>;
  };
  /** Called after an approval is recorded (tests; the service uses `filing`). */
  onApproved?: (item: ReviewItem) => Promise<void>;
}

/**
 * The HTTP API, with every error answered as problem details: documents under /v1, OpenAPI at
 * /docs, health at /healthz and /readyz, Prometheus at /metrics, bull-board at /admin/queues.
 */
export async function buildApi(deps: ApiDependencies): Promise<FastifyInstance> {
  // Unknown fields are refused, not silently dropped: a misspelt correction or query
  // parameter must not look as if it had been applied.
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } });
  await app.register(multipart, { limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 20 } });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof RectoError) return sendProblem(reply, error);
    // Fastify's own errors (bad multipart, wrong content type) are the client's: keep their 4xx.
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = status === 413 ? 'UPLOAD_TOO_LARGE' : 'BAD_REQUEST';
      return sendProblem(reply, new RectoError(code, (error as Error).message, { cause: error }));
    }
    return sendProblem(reply, error);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, new RectoError('ROUTE_NOT_FOUND', `no route ${request.method} ${request.url}`)));
  await registerOpenApi(app);
  documentRoutes(app, deps);
  healthRoutes(app, { redis: deps.redis, storage: deps.storage });
  if (deps.review) {
    const { filing } = deps;
    reviewRoutes(app, {
      storage: deps.storage,
      review: deps.review,
      checkApproval: filing?.checkApproval,
      onApproved: deps.onApproved ?? filing?.deliverApproved,
    });
    deliveryRoutes(app, { storage: deps.storage, review: deps.review, redeliver: filing?.redeliver });
    await reviewWebRoutes(app, { storage: deps.storage, review: deps.review });
  }
  // The queue views read every stage queue; their handles close with the server.
  const queues = openStageQueues(deps.queue.connection, deps.queue.names);
  app.addHook('onClose', () => closeStageQueues(queues));
  metricsRoutes(app, { queues, storage: deps.storage });
  await queueDashboardRoutes(app, { queues });
  return app;
}
