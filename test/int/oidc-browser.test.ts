import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOidcConfig, type OidcConfig } from '../../src/auth/oidc-config.ts';
import { createOidcSignIn, type OidcSignIn, type OidcTransaction } from '../../src/auth/oidc-sign-in.ts';
import { launchChromium } from '../support/browser.ts';
import { type OidcTestProvider, startOidcTestProvider } from '../support/oidc-test-provider.ts';

/**
 * Real Chromium through the test provider's login page, with a small stand-in for Recto's
 * /auth/oidc routes on 127.0.0.1 and the provider on another site (localhost), as in production.
 * It pins down the cookie rules those routes must follow: the transaction cookie has to be
 * SameSite=Lax (the callback is a cross-site navigation), and a SameSite=Strict session cookie
 * set at the callback only comes back on a navigation the browser starts from Recto's own page.
 */

interface CookieChoice {
  transaction: 'Strict' | 'Lax';
  /** How the callback hands over to returnTo: a 303 redirect, or a 200 page that navigates. */
  handoff: 'redirect' | 'page';
}

interface StandIn {
  base: string;
  /** Switched between tests: the one stand-in stays registered at the provider. */
  choice: CookieChoice;
  /** Cookie names each path was requested with, in order. */
  seen: { path: string; cookies: string[] }[];
  close(): Promise<void>;
}

function cookiesOf(req: IncomingMessage): Record<string, string> {
  const pairs = (req.headers.cookie ?? '').split(/;\s*/).filter(Boolean);
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

/** What Recto's /auth/oidc/start and /auth/oidc/callback routes do, reduced to the cookie handling. */
async function startStandIn(oidc: () => OidcSignIn): Promise<StandIn> {
  const transactions = new Map<string, OidcTransaction>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const standIn: StandIn = {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    choice: { transaction: 'Lax', handoff: 'page' },
    seen: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', standIn.base);
    const cookies = cookiesOf(req);
    standIn.seen.push({ path: url.pathname, cookies: Object.keys(cookies) });
    if (url.pathname === '/auth/oidc/start') {
      const { url: to, transaction } = await oidc().begin(url.searchParams.get('returnTo') ?? '/');
      // Keyed by a random handle; the state doubles as one here to keep the stand-in short.
      transactions.set(transaction.state, transaction);
      const cookie = `recto_oidc=${transaction.state}; HttpOnly; SameSite=${standIn.choice.transaction}; Path=/auth/oidc`;
      res.writeHead(303, { location: to, 'set-cookie': cookie }).end();
    } else if (url.pathname === '/auth/oidc/callback') {
      const transaction = transactions.get(cookies.recto_oidc ?? '');
      if (!transaction) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('no sign-in in progress');
      transactions.delete(transaction.state);
      const identity = await oidc().finish(url, transaction);
      const session = `recto_session=${encodeURIComponent(identity.id)}; HttpOnly; SameSite=Strict; Path=/`;
      if (standIn.choice.handoff === 'redirect') {
        return void res.writeHead(303, { location: transaction.returnTo, 'set-cookie': session }).end();
      }
      // returnTo is a safe path, but still HTML: Recto's real page must escape it (a ' survives URL parsing).
      res.writeHead(200, { 'set-cookie': session, 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><meta http-equiv="refresh" content="0;url=${transaction.returnTo}">`);
    } else if (url.pathname === '/review') {
      const who = cookies.recto_session ? decodeURIComponent(cookies.recto_session) : 'nobody';
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`review queue for ${who}`);
    } else {
      res.writeHead(404).end();
    }
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  return standIn;
}

describe('OIDC sign-in from real Chromium', () => {
  let browser: Browser;
  let provider: OidcTestProvider;
  let standIn: StandIn;
  let oidc: OidcSignIn;

  beforeAll(async () => {
    standIn = await startStandIn(() => oidc);
    provider = await startOidcTestProvider({
      redirectUris: [`${standIn.base}/auth/oidc/callback`],
      accounts: [{ sub: 'ada-reviewer', name: 'Ada Testperson', roles: ['reviewer'] }],
    });
    const config = loadOidcConfig({
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_REDIRECT_URI: `${standIn.base}/auth/oidc/callback`,
      OIDC_SCOPES: provider.scopes,
      OIDC_ALLOW_HTTP: 'true',
    }) as OidcConfig;
    oidc = await createOidcSignIn(config);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await standIn?.close();
    await provider?.close();
  });

  async function signInWithBrowser(choice: CookieChoice): Promise<string> {
    standIn.choice = choice;
    standIn.seen.length = 0;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${standIn.base}/auth/oidc/start?returnTo=/review`);
      expect(new URL(page.url()).origin).toBe(provider.issuer);
      await page.fill('input[name="login"]', 'ada-reviewer');
      await page.click('button[type="submit"]:has-text("Sign in")');
      await page.waitForURL((url) => url.pathname === '/review' || url.pathname === '/auth/oidc/callback');
      await page.waitForLoadState('load');
      return (await page.textContent('body')) ?? '';
    } finally {
      await context.close();
    }
  }

  it('signs in through the login page; Lax transaction cookie, session handed over by a page', async () => {
    expect(new URL(provider.issuer).hostname).toBe('localhost');
    const body = await signInWithBrowser({ transaction: 'Lax', handoff: 'page' });
    expect(body).toBe(`review queue for oidc:${new URL(provider.issuer).host}:ada-reviewer`);
    const callback = standIn.seen.find((request) => request.path === '/auth/oidc/callback');
    // Another site: the provider's own cookies never reach Recto.
    expect(callback?.cookies).toEqual(['recto_oidc']);
  });

  it('loses a Strict transaction cookie on the way back, and a Strict session cookie set on a redirect', async () => {
    expect(await signInWithBrowser({ transaction: 'Strict', handoff: 'page' })).toBe('no sign-in in progress');
    expect(await signInWithBrowser({ transaction: 'Lax', handoff: 'redirect' })).toBe('review queue for nobody');
  });
});
