import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcFlow } from '../../src/api/routes/auth.ts';
import { addUser } from '../../src/auth/accounts.ts';
import { loadOidcConfig } from '../../src/auth/oidc-config.ts';
import { lazyOidcSignIn, type OidcSignIn } from '../../src/auth/oidc-sign-in.ts';
import type { Role } from '../../src/auth/roles.ts';
import { launchChromium, signInThroughPage } from '../support/browser.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type OidcTestProvider, startOidcTestProvider } from '../support/oidc-test-provider.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone } from '../support/service-client.ts';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api.ts';

/**
 * The browser side of sign-in and CSRF, in real Chromium against the real API: pages on other
 * origins cannot act for a signed-in person, pages send CSP and frame headers, roles decide
 * which pages open, and sign-in through a real OpenID Connect provider reaches the review queue.
 */

let harness: QueueHarness;
let api: TestApi;
let browser: Browser;
let provider: OidcTestProvider;
let oidcInner: OidcSignIn | undefined;
let documentId: string;
const attackers: http.Server[] = [];

beforeAll(async () => {
  harness = await startQueueHarness('web-security', createFakeOcrEngine());
  // The provider must know Recto's callback, which is known once Recto listens: the flow is filled in after.
  const oidc: OidcFlow = {
    displayName: 'Test Identity Provider',
    redirectUri: '',
    begin: (returnTo) => oidcInner!.begin(returnTo),
    finish: (url, transaction) => oidcInner!.finish(url, transaction),
  };
  api = await startTestApi(harness, { review: harness.review, oidc });
  oidc.redirectUri = `${api.url}/auth/oidc/callback`;
  provider = await startOidcTestProvider({
    redirectUris: [oidc.redirectUri],
    accounts: [{ sub: 'cis2-5551234', name: 'Dr Asha Okonjo', email: 'asha.okonjo@example.nhs.uk', roles: ['reviewer'] }],
  });
  const config = loadOidcConfig({
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_REDIRECT_URI: oidc.redirectUri,
    OIDC_SCOPES: provider.scopes,
    OIDC_ALLOW_HTTP: 'true',
  })!;
  oidcInner = lazyOidcSignIn(config);
  for (const [name, roles] of [['r.patel', ['reviewer']], ['c.jones', ['clinician']], ['m.clerk', ['records']]] as Array<[string, Role[]]>) {
    await addUser(harness.storage.auth, { name, roles, password: TEST_PASSWORD });
  }
  documentId = await uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, 'clean-letter.png')), 'clean-letter.png');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const server of attackers) await new Promise((resolve) => server.close(resolve));
  await provider?.close();
  await api?.app.close();
  await harness?.stop();
});

/** A fresh browser profile signed in through the sign-in page. */
async function signedIn(name: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  await signInThroughPage(context, api.url, name);
  return context;
}

/** A page on another origin (`host` decides same-site 127.0.0.1 or cross-site localhost) that tries to act on Recto. */
async function attackerSite(host: '127.0.0.1' | 'localhost', target: string, itemId: string): Promise<string> {
  const page = `<!doctype html><html><body>
  <iframe name="sink" style="display:none"></iframe>
  <form id="claim" method="POST" action="${target}/v1/review/${itemId}/claim" enctype="text/plain" target="sink"><input name='{"a":"' value='"}'></form>
  <form id="upload" method="POST" action="${target}/v1/documents" enctype="multipart/form-data" target="sink"><input type="file" name="file"></form>
  <script>
    (async () => {
      document.getElementById('claim').submit();
      const attempts = [
        fetch('${target}/v1/review/${itemId}/claim', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{}' }),
        fetch('${target}/v1/review/${itemId}/approve', { method: 'POST', mode: 'no-cors', credentials: 'include', body: new FormData() }),
        fetch('${target}/v1/review/${itemId}/claim', { method: 'POST', mode: 'cors', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{}' }),
        fetch('${target}/v1/documents', { method: 'POST', mode: 'no-cors', credentials: 'include', body: (() => { const f = new FormData(); f.append('file', new Blob(['%PDF-1.4 attack']), 'attack.pdf'); return f; })() }),
      ];
      await Promise.allSettled(attempts);
      document.title = 'done';
    })();
  </script></body></html>`;
  const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  attackers.push(server);
  return `http://${host}:${(server.address() as AddressInfo).port}/`;
}

describe('browser safety', () => {
  it('a page on another origin cannot claim, approve or upload for a signed-in reviewer and clerk (same-site and cross-site)', async () => {
    const { item } = await harness.review.openItem({ documentId, reasons: [{ code: 'NO_NHS_NUMBER', message: 'no NHS number' }], extracted: {} });
    const documentsBefore = (await harness.storage.metadata.listDocuments({ limit: 100 })).documents.length;
    const eventsBefore = (await harness.storage.audit.trailOf(item.id)).length;
    const reviewer = await signedIn('r.patel');
    // The same browser profile also holds a records clerk's session, so the upload is tried with a real cookie too.
    const clerk = await signedIn('m.clerk');
    for (const context of [reviewer, clerk]) {
      for (const host of ['127.0.0.1', 'localhost'] as const) {
        const page = await context.newPage();
        await page.goto(await attackerSite(host, api.url, item.id));
        await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 20_000 });
        await page.waitForTimeout(300); // the form post into the hidden frame
        await page.close();
      }
    }
    expect((await harness.review.getItem(item.id))?.status).toBe('open');
    expect((await harness.storage.metadata.listDocuments({ limit: 100 })).documents.length).toBe(documentsBefore);
    // The same-site attempts reached Recto with the session cookie and were refused and audited.
    const refused = (await harness.storage.audit.trailOf(item.id)).slice(eventsBefore).filter((event) => event.action === 'access.refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((event) => [401, 403, 415].includes((event.details as { status: number }).status))).toBe(true);
    await reviewer.close();
    await clerk.close();
  });

  it('review and sign-in pages send a CSP without inline script, frame-ancestors none and X-Frame-Options DENY', async () => {
    const context = await signedIn('r.patel');
    const page = await context.newPage();
    for (const address of ['/review', '/sign-in']) {
      const response = (await page.goto(`${api.url}${address}`))!;
      const headers = response.headers();
      expect(headers['content-security-policy'], address).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy'], address).toContain("script-src 'self'");
      expect(headers['content-security-policy'], address).not.toContain('unsafe-inline');
      expect(headers['x-frame-options'], address).toBe('DENY');
    }
    await context.close();
  });

  it('a clinician cannot open the upload or admin pages; a records clerk can open the upload page', async () => {
    const clinician = await signedIn('c.jones');
    const page = await clinician.newPage();
    for (const address of ['/upload', '/admin', '/admin/queues', '/review']) {
      const response = (await page.goto(`${api.url}${address}`))!;
      expect(response.status(), address).toBe(403);
      await expect(page.locator('h1').innerText()).resolves.toBe('You do not have access to this page');
    }
    await clinician.close();
    const clerk = await signedIn('m.clerk');
    const upload = await clerk.newPage();
    expect((await upload.goto(`${api.url}/upload`))!.status()).toBe(200);
    // Choosing a file sends it; the documents list then follows it to done.
    await upload.locator('#files').setInputFiles(path.join(SAMPLES_DIR, 'rotated-90.png'));
    await upload.locator('#documents tbody tr', { hasText: 'rotated-90.png' }).getByText('Done', { exact: true }).waitFor({ timeout: 60_000 });
    await clerk.close();
  });

  it('signs in through the OpenID Connect provider and reaches the review queue', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${api.url}/review`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('link', { name: 'Sign in with Test Identity Provider' }).click();
    await page.locator('input[name="login"]').fill('cis2-5551234');
    await page.locator('button', { hasText: 'Sign in' }).click();
    await page.waitForURL(`${api.url}/review`, { timeout: 15_000 }).catch(async (error: Error) => {
      throw new Error(`${error.message}; at ${page.url()}: ${await page.locator("#problem-detail").innerText().catch(() => "")}`);
    });
    await expect(page.locator('h1').innerText()).resolves.toBe('Documents to review');
    await expect(page.locator('#signed-in-as').innerText()).resolves.toContain('Dr Asha Okonjo');
    const trail = await harness.storage.audit.trailOf('/review');
    expect(trail.some((event) => event.action === 'page.review-queue.viewed' && event.actor.startsWith('oidc:'))).toBe(true);
    await context.close();
  });
});
