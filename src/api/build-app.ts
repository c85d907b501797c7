import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type { DocumentQueue } from '../../queues/enqueue.ts';
import { openStageQueueViews } from '../../queues/stage-queue-views.ts';
import type { AuthConfig } from '../auth/auth-config.ts';
import { RectoError } from '../core/errors.ts';
import type { AuthStore } from '../storage/auth-store.ts';
import { adminRoutes } from './routes/admin.ts';
import { auditAdminRoutes } from './routes/audit-admin.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { authRoutes, type OidcFlow } from './routes/auth.ts';
import { type AppendAccessEvent, registerAccessControl } from './access-control.ts';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';
import { webAssets } from '../web/web-assets.ts';
import { workPagesRoutes } from '../web/work-pages-routes.ts';
import { clinicianPagesRoutes } from '../web/clinician-pages-routes.ts';
import type { ApprovalRecord, ApprovalRequest } from '../review/approval-patient.ts';
import type { IndexedPatient, PatientIndex } from '../matching/patient-index.ts';
import type { DeliveryStore } from '../storage/delivery-store.ts';
import type { ReviewItem, ReviewStore } from '../review/review-store.ts';
import type { DocumentRecord, Storage } from '../storage/storage.ts';
import { registerOpenApi } from './openapi.ts';
import { reviewWebRoutes } from '../review/http/review-web-routes.ts';
import { answerError } from './answer-error.ts';
import { deliveryRoutes } from './routes/deliveries.ts';
import { documentPagesRoutes } from './routes/document-pages.ts';
import { documentRoutes, type InputLimits } from './routes/documents.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { queueDashboardRoutes } from './routes/queue-dashboard.ts';
import { refileRoutes } from './routes/refile.ts';
import { searchRoutes } from './routes/search.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { reviewRoutes } from '../review/http/review-routes.ts';

export interface ApiDependencies {
  storage: Storage;
  queue: DocumentQueue;
  redis: Redis;
  maxUploadBytes: number;
  /** Accounts, sessions and tokens; every route checks the caller against src/api/route-policies.ts. */
  auth: AuthStore;
  authConfig: AuthConfig;
  /** Appends to the audit trail; called for every access to an audited route, before the answer is sent. */
  audit: AppendAccessEvent;
  /** The audit log itself: admins' export, chain check and patient-access list; review items' trails. */
  auditLog: AuditLog;
  /** Where filed documents stand with each record system. */
  deliveries: DeliveryStore;
  /** The full-text index: GET /v1/search and patients' timelines; a retried document's old hits leave it. */
  search: SearchIndex;
  /** OpenID Connect sign-in (e.g. NHS CIS2), when configured. */
  oidc?: OidcFlow;
  /** Checked on each PDF or TIFF upload before it is accepted (defaults: 2000 pages, 100 Mpx). */
  inputLimits?: InputLimits;
  /** With a review store, the review queue is served under /v1/review. */
  review?: ReviewStore;
  /** Filing, when the trust configured it: checks and acts on approvals, re-delivers and re-files on request. */
  filing?: {
    checkApproval(item: ReviewItem, request: ApprovalRequest): Promise<ApprovalRecord>;
    deliverApproved(item: ReviewItem): Promise<void>;
    redeliver(documentId: string, sink: string, request: { by: string; reason: string }): Promise<void>;
    refile(documentId: string, request: { by: string }): Promise<DocumentRecord>;
    /** The patient index, to name the patient a document was filed to (its `outcome`). */
    findPatient?(nhsNumber: string): Promise<IndexedPatient | null>;
    /** The patient index itself, for the candidates offered to a reviewer (GET /v1/review/{id}/candidates). */
    patientIndex?: PatientIndex;
  };
  /** No progress for this long makes a queued or processing document stale (recto_documents_stale); 60 min if unset. */
  staleAfterMs?: number;
  /** FONTS_DIR: the trust's licensed Frutiger files, served to the pages; without it they use Arial. */
  fontsDir?: string;
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
  const options: FastifyServerOptions = { logger: false, ajv: { customOptions: { removeAdditional: false } }, trustProxy: trustProxyOf(deps.authConfig.TRUST_PROXY) };
  const app = Fastify(options);
  await app.register(cookie);
  // No HSTS from here: whether Recto is reached over TLS is the trust's proxy's to say.
  await app.register(helmet, { contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY }, frameguard: { action: 'deny' }, strictTransportSecurity: false });
  // Used by the sign-in route only (config.rateLimit there), keyed by client address.
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 20 } });
  registerAccessControl(app, { auth: deps.auth, config: deps.authConfig, audit: deps.audit });
  app.setErrorHandler((error, request, reply) => answerError(request, reply, error));
  // A mistyped address in a browser gets a page (with the way back), not JSON.
  app.setNotFoundHandler((request, reply) => answerError(request, reply, new RectoError('ROUTE_NOT_FOUND', `no route ${request.method} ${request.url}`)));
  await webAssets(app, { fontsDir: deps.fontsDir });
  await registerOpenApi(app);
  authRoutes(app, { auth: deps.auth, config: deps.authConfig, audit: deps.audit, oidc: deps.oidc });
  adminRoutes(app, { auth: deps.auth });
  auditAdminRoutes(app, { audit: deps.auditLog });
  workPagesRoutes(app, {
    storage: deps.storage,
    auth: deps.auth,
    review: deps.review,
    deliveries: deps.deliveries,
    filingOn: deps.filing !== undefined,
    outcomeSources: { audit: deps.auditLog, findPatient: deps.filing?.findPatient },
  });
  documentRoutes(app, deps);
  searchRoutes(app, { search: deps.search });
  documentPagesRoutes(app, { storage: deps.storage, search: deps.search });
  clinicianPagesRoutes(app, { storage: deps.storage, search: deps.search });
  refileRoutes(app, { storage: deps.storage, refile: deps.filing?.refile });
  healthRoutes(app, { redis: deps.redis, storage: deps.storage });
  if (deps.review) {
    const { filing } = deps;
    reviewRoutes(app, {
      storage: deps.storage,
      review: deps.review,
      audit: deps.auditLog,
      checkApproval: filing?.checkApproval,
      onApproved: deps.onApproved ?? filing?.deliverApproved,
      patientIndex: filing?.patientIndex,
    });
    deliveryRoutes(app, { storage: deps.storage, deliveries: deps.deliveries, redeliver: filing?.redeliver });
    await reviewWebRoutes(app, { storage: deps.storage, review: deps.review, audit: deps.auditLog, deliveries: deps.deliveries });
  }
  // The queue views read every stage queue; their handles close with the server.
  const queues = openStageQueueViews(deps.queue.connection, deps.queue.names);
  app.addHook('onClose', () => queues.close());
  metricsRoutes(app, { queues, storage: deps.storage, staleAfterMs: deps.staleAfterMs ?? 60 * 60_000 });
  await queueDashboardRoutes(app, { queues });
  return app;
}


/** Fastify's trustProxy from the TRUST_PROXY setting: never `true`, which would believe any client's X-Forwarded-For. */
function trustProxyOf(setting: string | undefined): FastifyServerOptions['trustProxy'] {
  if (!setting) return false;
  if (!/^\d+$/.test(setting)) return setting;
  const hops = Number(setting);
  return (_address: string, hop: number) => hop < hops;
}
