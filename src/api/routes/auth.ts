import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../../auth/auth-config.ts';
import { signInWithPassword } from '../../auth/local-sign-in.ts';
import type { OidcSignIn, OidcTransaction } from '../../auth/oidc-sign-in.ts';
import type { Identity } from '../../auth/roles.ts';
import { newSecret, secretHash } from '../../auth/secrets.ts';
import { asRectoError, RectoError } from '../../core/errors.ts';
import type { AuthStore } from '../../storage/auth-store.ts';
import { safeReturnTo } from '../../auth/safe-return-to.ts';
import { continuePage, homePage, signInPage } from '../../web/sign-in-pages.ts';
import type { AppendAccessEvent } from '../access-control.ts';
import { endSession, secureCookies, startSession } from '../sessions.ts';

/** The OpenID Connect sign-in as the routes use it (src/auth/oidc-sign-in.ts). */
export interface OidcFlow extends OidcSignIn {
  /** Shown on the sign-in button, e.g. "NHS Care Identity Service 2". */
  displayName: string;
  /** The callback address registered with the identity provider (OIDC_REDIRECT_URI). */
  redirectUri: string;
}

const OIDC_COOKIE = 'recto_oidc';
const OIDC_TRANSACTION_MAX_AGE_MS = 10 * 60_000;

export interface AuthRoutesOptions {
  auth: AuthStore;
  config: AuthConfig;
  audit: AppendAccessEvent;
  oidc?: OidcFlow;
}

/** Signing in and out: local accounts (JSON), OpenID Connect (redirects), and who am I. */
export function authRoutes(app: FastifyInstance, { auth, config, audit, oidc }: AuthRoutesOptions): void {
  const tags = ['sign-in'];
  const record = (request: FastifyRequest, actor: string, action: string, details: Record<string, string | number | string[]>) =>
    audit({ actor, action, subjectId: actor, ip: request.ip, details });

  app.get<{ Querystring: { returnTo?: string } }>('/sign-in', { schema: { hide: true } }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(signInPage({ returnTo: safeReturnTo(request.query.returnTo), oidcName: oidc?.displayName }).value),
  );

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    if (!request.identity) return reply.redirect('/sign-in');
    return reply.type('text/html; charset=utf-8').send(homePage(request.identity).value);
  });

  app.post<{ Body: { name: string; password: string } }>('/auth/sign-in', {
    config: {
      rateLimit: {
        max: config.SIGN_IN_ATTEMPTS_PER_MINUTE,
        timeWindow: 60_000,
        errorResponseBuilder: (_request, context) =>
          new RectoError('TOO_MANY_SIGN_INS', `more than ${context.max} sign-in attempts in a minute from this address; try again in ${Math.ceil(context.ttl / 1000)} s`),
      },
    },
    schema: {
      tags,
      summary: 'Sign in with a local account; sets the session cookie (HttpOnly, SameSite=Strict)',
      body: {
        type: 'object',
        required: ['name', 'password'],
        additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 1000 } },
      },
    },
  }, async (request, reply) => {
    const { name, password } = request.body;
    let identity: Identity;
    try {
      identity = await signInWithPassword(auth, config, name, password);
    } catch (error) {
      await record(request, `user:${name}`, 'signin.failed', { method: 'password', reason: asRectoError(error).code });
      throw error;
    }
    // Recorded before the session exists: a sign-in the trail lacks must not leave anyone signed in.
    await record(request, identity.id, 'signin.succeeded', { method: 'password', roles: identity.roles });
    await startSession(request, reply, identity, { auth, config });
    return { identity };
  });

  app.post('/auth/sign-out', { schema: { tags, summary: 'End this browser session' } }, async (request, reply) => {
    await endSession(request, reply, auth);
    if (request.identity) await record(request, request.identity.id, 'signout', {});
    return { signedOut: true };
  });

  app.get('/v1/me', { schema: { tags, summary: 'Who is signed in, with which roles' } }, async (request) => ({ identity: request.identity }));

  if (!oidc) return;

  app.get<{ Querystring: { returnTo?: string } }>('/auth/oidc/start', { schema: { hide: true } }, async (request, reply) => {
    const { url, transaction } = await oidc.begin(safeReturnTo(request.query.returnTo));
    const key = newSecret();
    await auth.saveSignInTransaction(secretHash(key), transaction, Date.now());
    // Lax, not Strict: the identity provider's redirect back is a cross-site navigation, and this cookie must come with it.
    reply.setCookie(OIDC_COOKIE, key, { path: '/auth/oidc', httpOnly: true, sameSite: 'lax', secure: secureCookies(request, config), maxAge: 600 });
    return reply.redirect(url);
  });

  app.get('/auth/oidc/callback', { schema: { hide: true } }, async (request, reply) => {
    const key = request.cookies?.[OIDC_COOKIE];
    reply.clearCookie(OIDC_COOKIE, { path: '/auth/oidc' });
    const transaction = key ? await auth.takeSignInTransaction(secretHash(key), Date.now(), OIDC_TRANSACTION_MAX_AGE_MS) : null;
    let identity: Identity;
    try {
      if (!transaction) throw new RectoError('SIGN_IN_FAILED', 'the sign-in took too long or was started in another browser: start again');
      const callbackUrl = new URL(oidc.redirectUri);
      callbackUrl.search = new URL(request.url, 'http://recto.invalid').search;
      identity = await oidc.finish(callbackUrl, transaction as OidcTransaction);
    } catch (error) {
      await record(request, 'anonymous', 'signin.failed', { method: 'oidc', reason: asRectoError(error).code, detail: asRectoError(error).message.slice(0, 200) });
      throw error;
    }
    await record(request, identity.id, 'signin.succeeded', { method: 'oidc', roles: identity.roles });
    await startSession(request, reply, identity, { auth, config });
    return reply.type('text/html; charset=utf-8').send(continuePage(safeReturnTo((transaction as { returnTo?: unknown }).returnTo)));
  });
}
