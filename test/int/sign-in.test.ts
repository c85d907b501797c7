import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/accounts.ts';
import { AuthConfigSchema } from '../../src/auth/auth-config.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { uploadScan } from '../support/service-client.ts';
import { oneLineScan } from '../support/text-image.ts';
import { apiFetch, startTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api.ts';

/** Local accounts, sessions, API tokens, the trusted proxy and per-request audit, over real HTTP and storage. */

const PROXY_SECRET = 'a-shared-secret-between-the-proxy-and-recto-0123456789';
const METRICS_TOKEN = 'prometheus-scrape-token-0123456789abcdef';
let harness: QueueHarness;
let api: TestApi;

beforeAll(async () => {
  harness = await startQueueHarness('sign-in', createFakeOcrEngine());
  api = await startTestApi(harness, {
    review: harness.review,
    authConfig: AuthConfigSchema.parse({ LOCKOUT_ATTEMPTS: 3, LOCKOUT_MINUTES: 5, SESSION_IDLE_MINUTES: 1, SIGN_IN_ATTEMPTS_PER_MINUTE: 1000, AUTH_PROXY_SECRET: PROXY_SECRET, METRICS_TOKEN }),
  });
});

afterAll(async () => {
  await api?.app.close();
  await harness?.stop();
});

const signIn = (name: string, password: string) =>
  fetch(`${api.url}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: api.url }, body: JSON.stringify({ name, password }) });

describe('local accounts', () => {
  it('signs in with an HttpOnly, SameSite=Strict session cookie, and signs out', async () => {
    await addUser(harness.storage.auth, { name: 'a.reviewer', roles: ['reviewer'], password: TEST_PASSWORD });
    const response = await signIn('a.reviewer', TEST_PASSWORD);
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('recto_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http on loopback; Secure behind TLS (COOKIE_SECURE=auto)
    const session = { url: api.url, headers: { cookie: cookie.split(';')[0], origin: api.url } };
    expect(await (await apiFetch(session, '/v1/me')).json()).toMatchObject({ identity: { id: 'user:a.reviewer', roles: ['reviewer'], method: 'password' } });
    expect((await apiFetch(session, '/auth/sign-out', { method: 'POST', json: {} })).status).toBe(200);
    expect((await apiFetch(session, '/v1/review')).status).toBe(401);
  });

  it('locks an account after repeated failures, says the same for unknown names and wrong passwords, and audits each try', async () => {
    await addUser(harness.storage.auth, { name: 'b.clerk', roles: ['records'], password: TEST_PASSWORD });
    expect(await (await signIn('nobody.here', 'wrong password!!')).json()).toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(await (await signIn('b.clerk', 'wrong password 1')).json()).toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(await (await signIn('b.clerk', 'wrong password 2')).json()).toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(await (await signIn('b.clerk', 'wrong password 3')).json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    // Locked: even the right password is refused until the lock runs out or an admin resets it.
    const locked = await signIn('b.clerk', TEST_PASSWORD);
    expect(locked.status).toBe(401);
    expect(await locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    const trail = await harness.storage.audit.trailOf('user:b.clerk');
    expect(trail.filter((event) => event.action === 'signin.failed')).toHaveLength(4);
    expect(trail.every((event) => event.ip === '127.0.0.1')).toBe(true);
  });

  it('counts guesses sent all at once before checking them: at most LOCKOUT_ATTEMPTS are checked, and the lock holds', async () => {
    await addUser(harness.storage.auth, { name: 'd.parallel', roles: ['records'], password: TEST_PASSWORD });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, index) => signIn('d.parallel', `wrong password ${index}`).then((response) => response.json() as Promise<{ code: string }>)));
    const checked = answers.filter((answer) => answer.code === 'SIGN_IN_FAILED').length;
    expect(checked).toBeLessThanOrEqual(3);
    expect(answers.filter((answer) => answer.code === 'ACCOUNT_LOCKED').length).toBe(30 - checked);
    expect(await (await signIn('d.parallel', TEST_PASSWORD)).json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect((await harness.storage.auth.getUser('d.parallel'))?.lockedUntil).not.toBeNull();
  });

  it('limits sign-in attempts per client address (SIGN_IN_ATTEMPTS_PER_MINUTE)', async () => {
    const limited = await startTestApi(harness, { authConfig: AuthConfigSchema.parse({ SIGN_IN_ATTEMPTS_PER_MINUTE: 3 }) });
    try {
      const attempt = () =>
        fetch(`${limited.url}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: limited.url }, body: JSON.stringify({ name: 'spray.target', password: 'Winter2026!!' }) });
      for (let n = 0; n < 3; n++) expect((await attempt()).status).toBe(401);
      const fourth = await attempt();
      expect(fourth.status).toBe(429);
      expect(await fourth.json()).toMatchObject({ code: 'TOO_MANY_SIGN_INS', retryable: true });
    } finally {
      await limited.app.close();
    }
  });

  it('ends a session after the idle timeout', async () => {
    await addUser(harness.storage.auth, { name: 'c.idle', roles: ['clinician'], password: TEST_PASSWORD });
    const cookie = (await signIn('c.idle', TEST_PASSWORD)).headers.getSetCookie()[0].split(';')[0];
    const session = { url: api.url, headers: { cookie } };
    expect((await apiFetch(session, '/v1/documents')).status).toBe(200);
    // One idle minute later (SESSION_IDLE_MINUTES=1), as the store sees it.
    const { secretHash } = await import('../../src/auth/secrets.ts');
    expect(await harness.storage.auth.touchSession(secretHash(cookie.split('=')[1]), Date.now() + 61_000, 60_000)).toBeNull();
    expect((await apiFetch(session, '/v1/documents')).status).toBe(401);
  });
});

describe('admins', () => {
  it('change roles and disable accounts over the API, but cannot remove the last active admin', async () => {
    const admin = api.as('admin');
    const created = await apiFetch(admin, '/v1/admin/users', { method: 'POST', json: { name: 'only.admin', roles: ['admin'], password: TEST_PASSWORD } });
    expect(created.status).toBe(201);
    const refused = await apiFetch(admin, '/v1/admin/users/only.admin', { method: 'PATCH', json: { disabled: true } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { detail: string }).detail).toContain('only active admin');
    await apiFetch(admin, '/v1/admin/users', { method: 'POST', json: { name: 'second.admin', roles: ['admin'], password: TEST_PASSWORD } });
    const changed = await apiFetch(admin, '/v1/admin/users/only.admin', { method: 'PATCH', json: { roles: ['reviewer'] } });
    expect(await changed.json()).toMatchObject({ name: 'only.admin', roles: ['reviewer'] });
    expect((await harness.storage.audit.trailOf('user:only.admin')).map((event) => event.action)).toEqual(['admin.user.created', 'admin.user.changed', 'admin.user.changed']);
  });
});

describe('API tokens', () => {
  it('are made by an admin, shown once, scoped to their roles, and stop working when revoked', async () => {
    const created = await apiFetch(api.as('admin'), '/v1/admin/tokens', { method: 'POST', json: { name: 'ward 7 scanner', roles: ['records'] } });
    expect(created.status).toBe(201);
    const { token, record } = (await created.json()) as { token: string; record: { id: string } };
    expect(token).toMatch(/^rt_[0-9a-f]{16}_/);
    const listed = await (await apiFetch(api.as('admin'), '/v1/admin/tokens')).text();
    expect(listed).toContain(record.id);
    expect(listed).not.toContain(token.slice(20));
    const scanner = { url: api.url, headers: { authorization: `Bearer ${token}` } };
    const uploaded = await uploadScan(scanner, await oneLineScan('Clinic note token test'), 'token.png', { uploadedBy: 'someone.else' });
    expect(uploaded.status).toBe(202);
    // Who uploaded is the token, not what the form said.
    expect((await harness.storage.metadata.getDocument(uploaded.id))?.metadata.uploadedBy).toBe(`token:${record.id}`);
    expect((await apiFetch(scanner, `/v1/documents/${uploaded.id}/pdf`)).status).toBe(403);
    expect((await apiFetch(api.as('admin'), `/v1/admin/tokens/${record.id}/revoke`, { method: 'POST', json: {} })).status).toBe(200);
    const after = await apiFetch(scanner, '/v1/documents');
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ code: 'NOT_SIGNED_IN' });
  });
});

describe('the trusted proxy', () => {
  it('is believed only with the shared secret; the user header alone names nobody', async () => {
    const claimed = { 'x-recto-user': 'r.patel', 'x-recto-roles': 'reviewer' };
    expect((await fetch(`${api.url}/v1/review`, { headers: claimed })).status).toBe(401);
    expect((await fetch(`${api.url}/v1/review`, { headers: { ...claimed, 'x-recto-proxy-secret': 'guessed' } })).status).toBe(401);
    const me = await fetch(`${api.url}/v1/me`, { headers: { ...claimed, 'x-recto-proxy-secret': PROXY_SECRET } });
    expect(await me.json()).toMatchObject({ identity: { id: 'proxy:r.patel', roles: ['reviewer'], method: 'proxy' } });
  });
});

describe('where a request came from', () => {
  it('is the client address, unless the request came through a proxy named in TRUST_PROXY', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' };
    const { id } = await uploadScan(api.as('records'), await oneLineScan('Clinic note where from'), 'where-from.png');
    await apiFetch({ url: api.url, headers: { ...api.as('clinician').headers, ...forwarded } }, `/v1/documents/${id}`);
    const behindProxy = await startTestApi(harness, { authConfig: AuthConfigSchema.parse({ TRUST_PROXY: '127.0.0.1' }) });
    try {
      await apiFetch({ url: behindProxy.url, headers: { ...behindProxy.as('clinician').headers, ...forwarded } }, `/v1/documents/${id}`);
      // The proxy said https: the session cookie is Secure.
      await addUser(harness.storage.auth, { name: 'e.secure', roles: ['clinician'], password: TEST_PASSWORD });
      const signedIn = await fetch(`${behindProxy.url}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://' + new URL(behindProxy.url).host, ...forwarded },
        body: JSON.stringify({ name: 'e.secure', password: TEST_PASSWORD }),
      });
      expect(signedIn.status).toBe(200);
      expect(signedIn.headers.getSetCookie()[0]).toMatch(/; Secure/i);
    } finally {
      await behindProxy.app.close();
    }
    const views = (await harness.storage.audit.trailOf(id)).filter((event) => event.action === 'document.status.viewed');
    expect(views.map((event) => event.ip)).toEqual(['127.0.0.1', '203.0.113.7']);
  });
});

describe('the metrics token', () => {
  it('reads /metrics and nothing else', async () => {
    const prometheus = { url: api.url, headers: { authorization: `Bearer ${METRICS_TOKEN}` } };
    const metrics = await apiFetch(prometheus, '/metrics');
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('recto_documents');
    expect((await apiFetch(prometheus, '/v1/documents')).status).toBe(401);
    expect((await apiFetch(api.as('clinician'), '/metrics')).status).toBe(403);
  });
});

describe('audit of every access', () => {
  it('writes one access event per request to an audited route, refusals included', async () => {
    const { id } = await uploadScan(api.as('records'), await oneLineScan('Clinic note audit count'), 'audit.png');
    const before = (await harness.storage.audit.trailOf(id)).length;
    const reader = api.as('clinician');
    const requests = [`/v1/documents/${id}`, `/v1/documents/${id}/pdf`, `/v1/documents/${id}/text`, `/v1/documents/${id}/json`, `/v1/documents/${id}/deliveries`];
    for (const route of requests) await (await apiFetch(reader, route)).arrayBuffer();
    const events = (await harness.storage.audit.trailOf(id)).slice(before);
    expect(events).toHaveLength(requests.length);
    expect(events.map((event) => event.action)).toEqual([
      'document.status.viewed',
      'document.pdf.downloaded',
      'document.text.viewed',
      'document.sidecar.viewed',
      'access.refused', // deliveries are for records staff and admins
    ]);
    expect(events.every((event) => event.actor.startsWith('token:'))).toBe(true);
  });
});
