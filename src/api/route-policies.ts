import type { Role } from '../auth/roles.ts';
import { SEARCH_RESULTS_VIEWED } from '../audit/audit-actions.ts';

/**
 * Who may call each route: ONE table for the API and the web pages alike. A route with no entry
 * here is refused (fail closed), and test/int/route-policies.test.ts walks every registered
 * route with every role and with no credentials, so a new route without a policy fails the build.
 *
 * - `public`: no sign-in (health checks, the sign-in flow, static assets with no patient data);
 * - `signed-in`: anyone signed in, whatever their roles;
 * - a list of roles: anyone holding at least one of them.
 * `audit` names the access event every call writes (who, when, from where, what); routes that
 * show or change patient data all have one. `body: 'multipart'` is the one exception to
 * "state changes take JSON only" (the upload), still checked for origin.
 */
export interface RoutePolicy {
  access: 'public' | 'signed-in' | readonly Role[];
  audit?: string;
  body?: 'multipart';
  /** /metrics also answers Prometheus holding METRICS_TOKEN. */
  metricsToken?: boolean;
}

const READERS: readonly Role[] = ['clinician', 'reviewer'];
const CAPTURE_STATUS: readonly Role[] = ['records', 'clinician', 'reviewer'];
/** Who may search the documents; records staff capture them but do not read them. */
const SEARCHERS: readonly Role[] = ['clinician', 'reviewer', 'admin'];
/**
 * Who may search across all patients (no NHS number or hospital number given): reviewers, who
 * look for where an unattributed document belongs, and admins, who answer subject access and
 * information governance requests. A clinician searches within the patient in front of them
 * (a legitimate relationship), so a clinician's search without one is refused (403) in the route.
 */
export const CROSS_PATIENT_SEARCH: readonly Role[] = ['reviewer', 'admin'];

/** Keyed by `METHOD /route/:pattern` exactly as registered (HEAD is checked as GET). */
export const ROUTE_POLICIES: Readonly<Record<string, RoutePolicy>> = {
  // Health and sign-in: no patient data.
  'GET /healthz': { access: 'public' },
  'GET /readyz': { access: 'public' },
  'GET /': { access: 'public' },
  'GET /sign-in': { access: 'public' },
  'POST /auth/sign-in': { access: 'public' },
  'POST /auth/sign-out': { access: 'public' },
  'GET /auth/oidc/start': { access: 'public' },
  'GET /auth/oidc/callback': { access: 'public' },
  'GET /v1/me': { access: 'signed-in' },

  // Capture: records staff upload, watch and retry; readers see status too.
  'POST /v1/documents': { access: ['records'], audit: 'document.uploaded', body: 'multipart' },
  'GET /v1/documents': { access: CAPTURE_STATUS, audit: 'document.list.viewed' },
  'GET /v1/documents/:id': { access: CAPTURE_STATUS, audit: 'document.status.viewed' },
  'POST /v1/documents/:id/retry': { access: ['records'], audit: 'document.retried' },
  // Re-filing re-runs Recto's own checked decision (the same rules as after capture, no person's
  // judgement), like a retry: records staff, who watch capture, and admins, who fix the index
  // or sinks whose outage made it fail. Not reviewers: they decide review items, not jobs.
  'POST /v1/documents/:id/refile': { access: ['records', 'admin'], audit: 'document.refiled' },
  'GET /upload': { access: ['records'], audit: 'page.upload.viewed' },
  // The upload page's documents table, polled by its script while documents are moving: each poll shows documents, so each is audited.
  'GET /upload/documents': { access: ['records'], audit: 'page.documents.viewed' },

  // Reading documents: clinicians, and reviewers checking an item against its pages.
  'GET /v1/documents/:id/pdf': { access: READERS, audit: 'document.pdf.downloaded' },
  'GET /v1/documents/:id/text': { access: READERS, audit: 'document.text.viewed' },
  'GET /v1/documents/:id/json': { access: READERS, audit: 'document.sidecar.viewed' },
  // The document viewer's page images: whoever may search may open what they found.
  'GET /v1/documents/:id/pages/:page/image': { access: SEARCHERS, audit: 'document.page.viewed' },

  // Search: within one patient for every searcher; across all patients only CROSS_PATIENT_SEARCH (checked in the route).
  'GET /v1/search': { access: SEARCHERS, audit: SEARCH_RESULTS_VIEWED },
  'GET /v1/patients/:nhsNumber/documents': { access: SEARCHERS, audit: 'patient.documents.viewed' },
  // The clinician's pages: the search form and its results, and one document in the viewer.
  'GET /search': { access: SEARCHERS, audit: 'page.search.viewed' },
  'GET /documents/:id': { access: SEARCHERS, audit: 'page.document.viewed' },

  // Deliveries: records staff see where a document went; only admins send it again.
  'GET /v1/documents/:id/deliveries': { access: ['records', 'admin'], audit: 'document.deliveries.viewed' },
  'POST /v1/documents/:id/deliveries/:sink': { access: ['admin'], audit: 'document.redelivered' },

  // The review queue, API and pages.
  'GET /v1/review': { access: ['reviewer'], audit: 'review.list.viewed' },
  'GET /v1/review/:id': { access: ['reviewer'], audit: 'review.viewed' },
  'GET /v1/review/:id/crops/:path': { access: ['reviewer'], audit: 'review.crop.viewed' },
  'GET /v1/review/:id/pages/:page': { access: ['reviewer'], audit: 'review.page.viewed' },
  // The index's patients an item may belong to: shows patients, so the event names each one (patientsShown).
  'GET /v1/review/:id/candidates': { access: ['reviewer'], audit: 'review.candidates.viewed' },
  'POST /v1/review/:id/claim': { access: ['reviewer'], audit: 'review.claim' },
  'POST /v1/review/:id/release': { access: ['reviewer'], audit: 'review.release' },
  'PATCH /v1/review/:id/fields': { access: ['reviewer'], audit: 'review.correct' },
  'POST /v1/review/:id/approve': { access: ['reviewer'], audit: 'review.approve' },
  'POST /v1/review/:id/reject': { access: ['reviewer'], audit: 'review.reject' },
  'GET /v1/review/:id/audit': { access: ['reviewer', 'admin'], audit: 'review.audit.viewed' },
  'GET /review': { access: ['reviewer'], audit: 'page.review-queue.viewed' },
  'GET /review/:id': { access: ['reviewer'], audit: 'page.review-item.viewed' },

  // Administration.
  'GET /v1/admin/users': { access: ['admin'], audit: 'admin.users.listed' },
  'POST /v1/admin/users': { access: ['admin'], audit: 'admin.user.created' },
  'PATCH /v1/admin/users/:name': { access: ['admin'], audit: 'admin.user.changed' },
  'GET /v1/admin/tokens': { access: ['admin'], audit: 'admin.tokens.listed' },
  'POST /v1/admin/tokens': { access: ['admin'], audit: 'admin.token.created' },
  'POST /v1/admin/tokens/:id/revoke': { access: ['admin'], audit: 'admin.token.revoked' },
  'GET /v1/admin/audit.csv': { access: ['admin'], audit: 'audit.exported' },
  'GET /v1/admin/audit/verify': { access: ['admin'], audit: 'audit.verified' },
  'GET /v1/admin/patients/:nhsNumber/viewers': { access: ['admin'], audit: 'audit.patient-viewers.listed' },
  'GET /admin': { access: ['admin'], audit: 'page.admin.viewed' },
  'GET /metrics': { access: ['admin'], metricsToken: true },
};

/**
 * Routes registered by plugins (static files, Swagger UI, bull-board) under a prefix. The
 * queues dashboard shows job data and errors, which can hold patient names: admins only.
 */
export const PREFIX_POLICIES: ReadonlyArray<{ prefix: string; policy: RoutePolicy }> = [
  { prefix: '/assets/', policy: { access: 'public' } },
  { prefix: '/docs', policy: { access: ['admin'] } },
  { prefix: '/admin/queues', policy: { access: ['admin'], audit: 'admin.queues.viewed' } },
];

export function policyFor(method: string, url: string): RoutePolicy | undefined {
  const verb = method === 'HEAD' ? 'GET' : method;
  const exact = ROUTE_POLICIES[`${verb} ${url}`];
  if (exact) return exact;
  return PREFIX_POLICIES.find((entry) => url === entry.prefix || url.startsWith(entry.prefix.endsWith('/') ? entry.prefix : `${entry.prefix}/`))?.policy;
}

export function allows(policy: RoutePolicy, roles: readonly Role[]): boolean {
  if (policy.access === 'public' || policy.access === 'signed-in') return true;
  return policy.access.some((role) => roles.includes(role));
}
