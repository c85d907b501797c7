import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../auth/auth-config.ts';
import type { Identity } from '../auth/roles.ts';
import { RectoError } from '../core/errors.ts';
import type { AuthStore } from '../storage/auth-store.ts';
import type { JsonValue } from '../storage/storage.ts';
import { answerError } from './answer-error.ts';
import { type Authenticated, authenticate, type Credential } from './authenticate.ts';
import { allows, policyFor, type RoutePolicy } from './route-policies.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, once onRequest has run; null for a public route called without credentials. */
    identity: Identity | null;
    credential: Credential;
    policy: RoutePolicy | undefined;
    /** Set when onRequest refused the call, whatever answer (401, 403, a redirect to sign-in) the person then gets. */
    accessRefused: boolean;
    /** What the call was about when the address does not say (an upload: the new document's id). */
    auditSubject: string | null;
    /** The documents and review items a list answer showed, so a patient's viewers include who saw them in a list. */
    auditShown: string[] | null;
    /** More of what the call was about, kept in the event's details (a search: how many hits). */
    auditDetails: Record<string, JsonValue> | null;
    /** The one patient whose data the call showed, when there is one (a patient's timeline, a search for one NHS number). */
    auditPatient: string | null;
  }
}

/** One access event: who, when (the log adds it), from where, what. */
export interface AccessEvent {
  actor: string;
  action: string;
  subjectId: string;
  ip: string | null;
  details: JsonValue;
  /** The patient whose data this was, when the route says (request.auditPatient). */
  patientNhsNumber?: string | null;
}

export type AppendAccessEvent = (event: AccessEvent) => Promise<void>;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every request passes here before its handler: find the route's policy (none: refused), find
 * who is calling, refuse state changes that come from another origin or are not JSON, then
 * check the caller's roles. Every call to an audited route — allowed or refused — writes one
 * access event before the answer leaves, so nothing is shown that the audit trail lacks.
 */
const registeredRoutes = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** Every route the app registered (plugins' too), for the test that checks each has a policy. */
export function routesOf(app: FastifyInstance): ReadonlyArray<{ method: string; url: string }> {
  return registeredRoutes.get(app) ?? [];
}

export function registerAccessControl(app: FastifyInstance, deps: { auth: AuthStore; config: AuthConfig; audit: AppendAccessEvent }): void {
  const routes: Array<{ method: string; url: string }> = [];
  registeredRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  app.decorateRequest('identity', null);
  app.decorateRequest('credential', 'none');
  app.decorateRequest('policy', undefined);
  app.decorateRequest('accessRefused', false);
  app.decorateRequest('auditSubject', null);
  app.decorateRequest('auditShown', null);
  app.decorateRequest('auditDetails', null);
  app.decorateRequest('auditPatient', null);

  // A refusal is answered here, not thrown: plugins with error handlers of their own (bull-board) would turn it into a 500.
  app.addHook('onRequest', async (request, reply) => {
    try {
      await checkAccess(request, deps);
    } catch (error) {
      request.accessRefused = true;
      return answerError(request, reply, error);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const policy = request.policy;
    const url = request.routeOptions.url;
    if (!url || !policy) return payload;
    // Nothing behind sign-in is kept by a shared workstation's browser (Back after sign-out, the cache).
    if (policy.access !== 'public') reply.header('cache-control', 'no-store');
    const refused = request.accessRefused || reply.statusCode === 401 || reply.statusCode === 403;
    if (!policy.audit && !(refused && policy.access !== 'public')) return payload;
    try {
      await deps.audit(accessEvent(request, reply, policy.audit && !refused ? policy.audit : 'access.refused'));
    } catch (error) {
      // Not audited, not served: close a file being streamed, and answer the error instead.
      (payload as { destroy?: () => void } | null)?.destroy?.();
      throw error;
    }
    return payload;
  });
}

async function checkAccess(request: FastifyRequest, deps: { auth: AuthStore; config: AuthConfig }): Promise<void> {
  const url = request.routeOptions.url;
  if (url === undefined) return; // no such route: the not-found handler answers 404
  const policy = policyFor(request.method, url);
  request.policy = policy;
  if (!policy) throw new RectoError('FORBIDDEN', `${request.method} ${url} has no access policy, so it is refused (a bug: every route needs one)`);
  // A refused credential throws here, and onSend still records the refusal as "anonymous".
  const who: Authenticated = await authenticate(request, deps.auth, deps.config);
  request.identity = who.identity;
  request.credential = who.credential;
  if (STATE_CHANGING.has(request.method)) checkBodyType(request, policy);
  if (who.credential === 'metrics-token') {
    if (policy.metricsToken) return;
    throw new RectoError('NOT_SIGNED_IN', 'the metrics token only reads /metrics');
  }
  if (policy.access !== 'public' && !who.identity) throw new RectoError('NOT_SIGNED_IN', `sign in to use ${request.method} ${url}`);
  // Tokens are not sent by browsers on their own, so a forged cross-site request cannot carry one.
  if (STATE_CHANGING.has(request.method) && who.credential !== 'token') checkSameOrigin(request, deps.config);
  if (policy.access === 'public' || !who.identity) return;
  if (!allows(policy, who.identity.roles)) {
    const needed = Array.isArray(policy.access) ? policy.access.join(' or ') : 'a role';
    throw new RectoError('FORBIDDEN', `${request.method} ${url} needs the ${needed} role; ${who.identity.displayName} has ${who.identity.roles.join(', ') || 'none'}`);
  }
}

function accessEvent(request: FastifyRequest, reply: FastifyReply, action: string): AccessEvent {
  const params = (request.params ?? {}) as Record<string, string>;
  const query = (request.query ?? {}) as Record<string, unknown>;
  const subjectId = request.auditSubject ?? params.id ?? params.name ?? params.nhsNumber ?? request.routeOptions.url ?? request.url;
  const details: Record<string, JsonValue> = {
    method: request.method,
    route: request.routeOptions.url ?? request.url,
    status: reply.statusCode,
    via: request.credential,
  };
  const otherParams = Object.fromEntries(Object.entries(params).filter(([name]) => name !== 'id'));
  if (Object.keys(otherParams).length > 0) details.params = otherParams;
  const queryShown = Object.fromEntries(Object.entries(query).filter(([, value]) => typeof value === 'string' || typeof value === 'number'));
  if (Object.keys(queryShown).length > 0) details.query = queryShown as Record<string, JsonValue>;
  if (request.identity) details.roles = request.identity.roles;
  if (request.auditShown) details.shown = request.auditShown;
  if (request.auditDetails) Object.assign(details, request.auditDetails);
  return { actor: request.identity?.id ?? 'anonymous', action, subjectId, ip: request.ip ?? null, details, patientNhsNumber: request.auditPatient };
}

/** State changes take JSON (the upload: multipart): a cross-site form can send neither with a cookie attached without a CORS preflight. */
function checkBodyType(request: FastifyRequest, policy: RoutePolicy): void {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const wanted = policy.body === 'multipart' ? 'multipart/form-data' : 'application/json';
  if (type !== wanted) {
    throw new RectoError('JSON_REQUIRED', `${request.method} ${request.routeOptions.url} takes ${wanted}, not ${type || 'a body without a type'}`);
  }
}

/**
 * A browser names the page a request came from in Origin (and Sec-Fetch-Site). State changes
 * carried by a cookie or the proxy's headers must come from Recto's own origin; a request
 * saying neither is not from a browser page, and is refused too rather than guessed at.
 */
function checkSameOrigin(request: FastifyRequest, config: AuthConfig): void {
  const origin = request.headers.origin;
  const expected = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : `${request.protocol}://${request.host}`;
  if (typeof origin === 'string') {
    if (origin === expected) return;
    throw new RectoError('CROSS_ORIGIN_REFUSED', `a change sent from ${origin} was refused: only ${expected} may change things in Recto`);
  }
  if (request.headers['sec-fetch-site'] === 'same-origin') return;
  throw new RectoError('CROSS_ORIGIN_REFUSED', `${request.method} ${request.routeOptions.url} without an Origin header was refused: browsers send one, other clients use an API token`);
}
