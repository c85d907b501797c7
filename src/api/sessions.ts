import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../auth/auth-config.ts';
import type { Identity } from '../auth/roles.ts';
import { newSecret, secretHash } from '../auth/secrets.ts';
import type { AuthStore } from '../storage/auth-store.ts';
import { SESSION_COOKIE } from './authenticate.ts';

/**
 * Browser sessions: a random id in an HttpOnly, SameSite=Strict cookie (Secure behind TLS),
 * stored only as its hash. They end after SESSION_IDLE_MINUTES without use, after
 * SESSION_MAX_HOURS in any case, and at sign-out.
 */
export async function startSession(request: FastifyRequest, reply: FastifyReply, identity: Identity, deps: { auth: AuthStore; config: AuthConfig }): Promise<void> {
  // A fresh id at every sign-in: an id planted before sign-in (session fixation) is never promoted.
  await endSession(request, reply, deps.auth);
  const id = newSecret();
  const now = Date.now();
  await deps.auth.createSession(secretHash(id), identity, now, now + deps.config.SESSION_MAX_HOURS * 3_600_000);
  reply.setCookie(SESSION_COOKIE, id, { ...cookieOptions(request, deps.config), maxAge: deps.config.SESSION_MAX_HOURS * 3600 });
}

export async function endSession(request: FastifyRequest, reply: FastifyReply, auth: AuthStore): Promise<void> {
  const id = request.cookies?.[SESSION_COOKIE];
  if (id) await auth.deleteSession(secretHash(id));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function cookieOptions(request: FastifyRequest, config: AuthConfig) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: secureCookies(request, config) };
}

export function secureCookies(request: FastifyRequest, config: AuthConfig): boolean {
  if (config.COOKIE_SECURE !== 'auto') return config.COOKIE_SECURE === 'always';
  if (config.PUBLIC_URL) return config.PUBLIC_URL.startsWith('https:');
  return request.protocol === 'https';
}
