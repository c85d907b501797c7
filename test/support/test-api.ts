import type { FastifyInstance } from 'fastify';
import { type ApiDependencies, buildApi } from '../../src/api/build-app.ts';
import { accessAuditOf } from '../../src/service/access-audit.ts';
import { AuthConfigSchema } from '../../src/auth/auth-config.ts';
import { addUser, createApiToken } from '../../src/auth/accounts.ts';
import { ROLES, type Role } from '../../src/auth/roles.ts';
import type { EmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import type { AuthStore } from '../../src/storage/auth-store.ts';
import type { QueueHarness } from './queue-harness.ts';

/** Where a test sends requests, and the credentials it sends: an API token of some roles. */
export interface ApiTarget {
  url: string;
  headers: Record<string, string>;
}

/** fetch against a target, with its credentials; a JSON body gets its content type. */
export function apiFetch(target: ApiTarget, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  const headers: Record<string, string> = { ...target.headers, ...(rest.headers as Record<string, string> | undefined) };
  if (json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${target.url}${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
}

/** One API token per role (and one holding every role), made straight in the auth store. */
export async function tokensFor(auth: AuthStore): Promise<Record<Role | 'all', string>> {
  const tokens = {} as Record<Role | 'all', string>;
  for (const role of ROLES) tokens[role] = (await createApiToken(auth, { name: `test ${role}`, roles: [role], createdBy: 'test' })).token;
  tokens.all = (await createApiToken(auth, { name: 'test all roles', roles: [...ROLES], createdBy: 'test' })).token;
  return tokens;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export interface TestApi {
  app: FastifyInstance;
  url: string;
  tokens: Record<Role | 'all', string>;
  /** The API as a caller holding one role (or every role). */
  as(role: Role | 'all'): ApiTarget;
  /** No credentials at all. */
  anonymous: ApiTarget;
  /** A local user with these roles, signed in through POST /auth/sign-in: a session cookie, sent with the page's own origin as a browser would. */
  user(name: string, roles: Role[]): Promise<ApiTarget>;
}

export const TEST_PASSWORD = 'a long test password';

/** Creates the account (once) and signs in over HTTP, as the sign-in page does. */
export async function signInAs(url: string, auth: AuthStore, name: string, roles: Role[]): Promise<ApiTarget> {
  if (!(await auth.getUser(name))) await addUser(auth, { name, roles, password: TEST_PASSWORD });
  const response = await fetch(`${url}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ name, password: TEST_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${name} answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('recto_session='))!.split(';')[0];
  return { url, headers: { cookie, origin: url } };
}

/**
 * The real API on a loopback port over a harness's Redis and storage, with sign-in as in
 * production: access events go to the storage's audit trail.
 */
export async function startTestApi(
  harness: Pick<QueueHarness, 'queue' | 'connection'> & { storage: EmbeddedStorage },
  extra: Partial<ApiDependencies> = {},
): Promise<TestApi> {
  const { storage } = harness;
  const app = await buildApi({
    storage,
    queue: harness.queue,
    redis: harness.connection,
    maxUploadBytes: 3 * 1024 * 1024,
    auth: storage.auth,
    authConfig: AuthConfigSchema.parse({}),
    audit: accessAuditOf(storage),
    auditLog: storage.audit,
    deliveries: storage.deliveries,
    search: storage.search,
    ...extra,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const tokens = await tokensFor(storage.auth);
  return {
    app,
    url,
    tokens,
    as: (role) => ({ url, headers: bearer(tokens[role]) }),
    anonymous: { url, headers: {} },
    user: (name, roles) => signInAs(url, storage.auth, name, roles),
  };
}
