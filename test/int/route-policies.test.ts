import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesOf } from '../../src/api/access-control.ts';
import { allows, policyFor } from '../../src/api/route-policies.ts';
import { ROLES, type Role } from '../../src/auth/roles.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';

/**
 * The route × role matrix, generated from the routes the app actually registered (plugins'
 * included): every route must have a policy, every protected route must answer 401 without
 * credentials, 403 to a role it does not name, and let through the roles it does name.
 */

let harness: QueueHarness;
let api: TestApi;

beforeAll(async () => {
  harness = await startQueueHarness('routes', createFakeOcrEngine());
  api = await startTestApi(harness, { review: harness.storage.review });
});

afterAll(async () => {
  await api.app.close();
  await harness.stop();
});

/** A concrete path for a route pattern: parameters and wildcards filled with harmless values. */
function pathOf(url: string): string {
  return url
    .replace(/:id/g, 'doc_00000000000000000000000000')
    .replace(/:[A-Za-z]+/g, 'x')
    .replace(/\*/g, 'x');
}

async function call(method: string, url: string, headers: Record<string, string>): Promise<number> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (method === 'POST' || method === 'PATCH' || method === 'PUT' || method === 'DELETE') {
    if (policyFor(method, url)?.body === 'multipart') {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'x.bin');
      init.body = form;
    } else {
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
      init.body = '{}';
    }
  }
  const response = await fetch(`${api.url}${pathOf(url)}`, { ...init, redirect: 'manual' });
  await response.arrayBuffer();
  return response.status;
}

describe('route policies', () => {
  it('every registered route has a policy (0 routes without one)', () => {
    const routes = routesOf(api.app);
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.filter((route) => !policyFor(route.method, route.url)).map((route) => `${route.method} ${route.url}`);
    expect(missing).toEqual([]);
  });

  it('keeps the records pages to records staff, and audits every view of their documents list (the page polls it)', () => {
    expect(policyFor('GET', '/upload')).toEqual({ access: ['records'], audit: 'page.upload.viewed' });
    expect(policyFor('GET', '/upload/documents')).toEqual({ access: ['records'], audit: 'page.documents.viewed' });
  });

  it('answers every route × (no credentials, each role) as its policy says', async () => {
    const routes = routesOf(api.app).filter((route) => route.method !== 'OPTIONS');
    const wrong: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const policy = policyFor(route.method, route.url)!;
      // As a browser page of Recto's own would send it: with its origin.
      const anonymous = await call(route.method, route.url, { origin: api.url });
      checked++;
      const anonymousRefused = anonymous === 401 || (route.method === 'GET' && anonymous === 302);
      if (policy.access !== 'public' && !anonymousRefused) wrong.push(`${route.method} ${route.url} without credentials: ${anonymous}`);
      if (policy.access === 'public' && (anonymous === 401 || anonymous === 403)) wrong.push(`${route.method} ${route.url} is public but answered ${anonymous}`);
      for (const role of ROLES) {
        const status = await call(route.method, route.url, { authorization: `Bearer ${api.tokens[role]}` });
        checked++;
        const permitted = allows(policy, [role as Role]);
        if (permitted && (status === 401 || status === 403)) wrong.push(`${route.method} ${route.url} as ${role}: ${status}, but the policy allows it`);
        if (!permitted && status !== 403) wrong.push(`${route.method} ${route.url} as ${role}: ${status}, but the policy refuses it`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(routes.length * (1 + ROLES.length));
  });
});
