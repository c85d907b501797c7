import type { FastifyRequest } from 'fastify';
import type { AuthConfig } from '../auth/auth-config.ts';
import { type Identity, isRole } from '../auth/roles.ts';
import { parseApiToken, sameSecret, secretHash } from '../auth/secrets.ts';
import { RectoError } from '../core/errors.ts';
import type { AuthStore } from '../storage/auth-store.ts';

export const SESSION_COOKIE = 'recto_session';
export const PROXY_SECRET_HEADER = 'x-recto-proxy-secret';

/** How the identity was carried: a cookie or a proxy header comes with every request a browser makes (so needs CSRF checks); a token does not. */
export type Credential = 'session' | 'token' | 'proxy' | 'metrics-token' | 'none';

export interface Authenticated {
  identity: Identity | null;
  credential: Credential;
}

/**
 * Who is calling, from what they proved: an API token (`Authorization: Bearer rt_…`), a
 * session cookie set at sign-in, or — only when AUTH_PROXY_SECRET is configured — the headers
 * of the trust's authenticating proxy, which must also present that secret. Nothing else a
 * client sends names a user. Bad credentials are refused rather than treated as "nobody", so a
 * revoked token shows up as an error, not as an anonymous request.
 */
export async function authenticate(request: FastifyRequest, auth: AuthStore, config: AuthConfig): Promise<Authenticated> {
  const now = Date.now();
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (!bearer) throw new RectoError('NOT_SIGNED_IN', 'the Authorization header must be `Bearer <API token>`');
    if (config.METRICS_TOKEN && sameSecret(bearer, config.METRICS_TOKEN)) return { identity: null, credential: 'metrics-token' };
    const parsed = parseApiToken(bearer);
    const token = parsed ? await auth.useToken(parsed.id, secretHash(parsed.secret), now) : null;
    if (!token) throw new RectoError('NOT_SIGNED_IN', 'the API token is not valid (mistyped, revoked, or from another Recto)');
    return { identity: { id: `token:${token.id}`, displayName: `API token ${token.name}`, roles: token.roles, method: 'token' }, credential: 'token' };
  }

  if (config.AUTH_PROXY_SECRET) {
    const presented = request.headers[PROXY_SECRET_HEADER];
    if (presented !== undefined) {
      if (typeof presented !== 'string' || !sameSecret(presented, config.AUTH_PROXY_SECRET)) {
        throw new RectoError('NOT_SIGNED_IN', 'the authenticating proxy presented the wrong secret');
      }
      return { identity: proxyIdentity(request, config), credential: 'proxy' };
    }
  }

  const sessionId = request.cookies?.[SESSION_COOKIE];
  if (sessionId) {
    const session = await auth.touchSession(secretHash(sessionId), now, config.SESSION_IDLE_MINUTES * 60_000);
    if (session) return { identity: session.identity, credential: 'session' };
  }
  return { identity: null, credential: 'none' };
}

function proxyIdentity(request: FastifyRequest, config: AuthConfig): Identity {
  const user = request.headers[config.AUTH_PROXY_USER_HEADER];
  if (typeof user !== 'string' || !/^[\w.@-]{1,100}$/.test(user)) {
    throw new RectoError('NOT_SIGNED_IN', `the proxy must name the user in ${config.AUTH_PROXY_USER_HEADER} (letters, digits, . _ @ -)`);
  }
  const rolesHeader = request.headers[config.AUTH_PROXY_ROLES_HEADER];
  const roles = (typeof rolesHeader === 'string' ? rolesHeader.split(',') : []).map((role) => role.trim()).filter(isRole);
  return { id: `proxy:${user}`, displayName: user, roles: [...new Set(roles)], method: 'proxy' };
}
