import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOidcConfig, type OidcConfig } from '../../src/auth/oidc-config.ts';
import { createOidcSignIn, lazyOidcSignIn, OIDC_TRANSACTION_TTL_MS, type OidcSignIn } from '../../src/auth/oidc-sign-in.ts';
import { expectRectoError } from '../support/expect-error.ts';
import { type OidcTestProvider, startOidcTestProvider, type TestAccount } from '../support/oidc-test-provider.ts';
import { signInThroughProvider } from '../support/sign-in-through-provider.ts';

/**
 * The whole authorisation code flow against a real OpenID Connect provider on loopback:
 * Recto's sign-in module on one side, oidc-provider on the other, HTTP in between.
 */

// Recto's callback: never fetched (the tests stop at the provider's redirect to it), but registered.
const REDIRECT_URI = 'http://127.0.0.1:1/auth/oidc/callback';

const ACCOUNTS: TestAccount[] = [
  { sub: 'ada-reviewer', name: 'Ada Testperson', email: 'ada@trust.example', roles: ['reviewer'] },
  { sub: 'bo-records-and-admin', email: 'bo@trust.example', roles: ['records', 'admin', 'not-a-role'] },
  { sub: 'cy-no-role', name: 'Cy Norole', email: 'cy@trust.example', roles: ['cleaner'] },
  { sub: 'di-team', name: 'Di Teamcode', roles: ['records-team', 'S8000:G8000:R8000'] },
  {
    sub: 'ed-nested',
    name: 'Ed Nested',
    claims: { nhsid_nrbac_roles: [{ role_code: 'S8000:G8000:R8001' }, { role_code: 'S0030:G0100:R0050' }] },
  },
  { sub: 'flo-by-email', name: 'Flo Mapped', email: 'Flo.Mapped@trust.example', roles: [] },
  { sub: 'gus-unverified', name: 'Gus Unverified', email: 'gus@trust.example', emailVerified: false },
];

function configFor(provider: OidcTestProvider, extra: Record<string, string> = {}): OidcConfig {
  const config = loadOidcConfig({
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    ...(provider.clientSecret ? { OIDC_CLIENT_SECRET: provider.clientSecret } : {}),
    OIDC_REDIRECT_URI: REDIRECT_URI,
    OIDC_SCOPES: provider.scopes,
    OIDC_ALLOW_HTTP: 'true',
    ...extra,
  });
  if (!config) throw new Error('OIDC settings were not recognised');
  return config;
}

/** A loopback port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function signIn(signIn: OidcSignIn, login: string, returnTo = '/review') {
  const { url, transaction } = await signIn.begin(returnTo);
  const callbackUrl = await signInThroughProvider(url, login);
  return { callbackUrl, transaction };
}

describe('OIDC sign-in against a real provider', () => {
  let provider: OidcTestProvider;
  let oidc: OidcSignIn;

  beforeAll(async () => {
    provider = await startOidcTestProvider({ redirectUris: [REDIRECT_URI], accounts: ACCOUNTS });
    oidc = await createOidcSignIn(configFor(provider));
  });
  afterAll(() => provider?.close());

  it('signs in with the code flow, PKCE, state and nonce, and gives the roles the claim names', async () => {
    const { url, transaction } = await oidc.begin('/review?page=2');
    const request = new URL(url);
    expect(request.origin).toBe(provider.issuer);
    expect(request.searchParams.get('response_type')).toBe('code');
    expect(request.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(request.searchParams.get('state')).toBe(transaction.state);
    expect(request.searchParams.get('nonce')).toBe(transaction.nonce);
    expect(request.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url).not.toContain(transaction.codeVerifier);
    expect(transaction.returnTo).toBe('/review?page=2');

    const callbackUrl = await signInThroughProvider(url, 'ada-reviewer');
    expect(callbackUrl.href.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    const identity = await oidc.finish(callbackUrl, transaction);
    expect(identity).toEqual({
      id: `oidc:${new URL(provider.issuer).host}:ada-reviewer`,
      displayName: 'Ada Testperson',
      roles: ['reviewer'],
      method: 'oidc',
    });
  });

  it('keeps only claim values that are role names, in role order, and names people by email when they have no name', async () => {
    const { callbackUrl, transaction } = await signIn(oidc, 'bo-records-and-admin');
    const identity = await oidc.finish(callbackUrl, transaction);
    expect(identity.roles).toEqual(['records', 'admin']);
    expect(identity.displayName).toBe('bo@trust.example');
  });

  it('takes the callback query whatever host the callback reached Recto through', async () => {
    const { callbackUrl, transaction } = await signIn(oidc, 'ada-reviewer');
    const behindProxy = new URL(`http://10.0.0.7:3000/auth/oidc/callback${callbackUrl.search}`);
    expect((await oidc.finish(behindProxy, transaction)).roles).toEqual(['reviewer']);
  });

  it('refuses a person to whom no role is given', async () => {
    const { callbackUrl, transaction } = await signIn(oidc, 'cy-no-role');
    const error = await expectRectoError(oidc.finish(callbackUrl, transaction), 'NO_ROLE');
    expect(error.message).toContain('Cy Norole');
    expect(error.message).toContain('the roles claim held cleaner');
  });

  it('refuses an answer whose state is not the transaction’s', async () => {
    const first = await signIn(oidc, 'ada-reviewer');
    const second = await oidc.begin('/');
    const swapped = await expectRectoError(oidc.finish(first.callbackUrl, second.transaction), 'SIGN_IN_FAILED');
    expect(swapped.message).toContain('"state"');
    const forged = new URL(first.callbackUrl);
    forged.searchParams.set('state', 'forged-state');
    const error = await expectRectoError(oidc.finish(forged, first.transaction), 'SIGN_IN_FAILED');
    expect(error.message).toContain('"state"');
  });

  it('refuses an ID token whose nonce is not the transaction’s', async () => {
    const { callbackUrl, transaction } = await signIn(oidc, 'ada-reviewer');
    const other = await oidc.begin('/');
    const error = await expectRectoError(
      oidc.finish(callbackUrl, { ...transaction, nonce: other.transaction.nonce }),
      'SIGN_IN_FAILED',
    );
    expect(error.message).toContain('"nonce"');
  });

  it('refuses a code used twice', async () => {
    const { callbackUrl, transaction } = await signIn(oidc, 'ada-reviewer');
    await oidc.finish(callbackUrl, transaction);
    const error = await expectRectoError(oidc.finish(callbackUrl, transaction), 'SIGN_IN_FAILED');
    expect(error.message).toContain('invalid_grant');
  });

  it('refuses a tampered code', async () => {
    const { callbackUrl, transaction } = await signIn(oidc, 'ada-reviewer');
    const tampered = new URL(callbackUrl);
    const code = tampered.searchParams.get('code') ?? '';
    tampered.searchParams.set('code', `${code.slice(0, -2)}${code.endsWith('AA') ? 'BB' : 'AA'}`);
    const error = await expectRectoError(oidc.finish(tampered, transaction), 'SIGN_IN_FAILED');
    expect(error.message).toContain('invalid_grant');
  });

  it('refuses a code sent with another transaction’s PKCE verifier', async () => {
    const { callbackUrl, transaction } = await signIn(oidc, 'ada-reviewer');
    const other = await oidc.begin('/');
    const mixed = { ...transaction, codeVerifier: other.transaction.codeVerifier };
    const error = await expectRectoError(oidc.finish(callbackUrl, mixed), 'SIGN_IN_FAILED');
    expect(error.message).toContain('invalid_grant');
  });

  it('refuses a transaction older than ten minutes, even with a fresh code', async () => {
    const { callbackUrl, transaction } = await signIn(oidc, 'ada-reviewer');
    const stale = { ...transaction, createdAt: Date.now() - OIDC_TRANSACTION_TTL_MS - 1000 };
    const error = await expectRectoError(oidc.finish(callbackUrl, stale), 'SIGN_IN_FAILED');
    expect(error.message).toContain('10 minutes');
    // The refusal happened before the code was spent: the same code still works with the fresh transaction.
    expect((await oidc.finish(callbackUrl, transaction)).roles).toEqual(['reviewer']);
  });

  it('refuses a sign-in the person cancelled at the provider', async () => {
    const { url, transaction } = await oidc.begin('/');
    const callbackUrl = await signInThroughProvider(url, 'ada-reviewer', { cancel: true });
    expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
    const error = await expectRectoError(oidc.finish(callbackUrl, transaction), 'SIGN_IN_FAILED');
    expect(error.message).toContain('access_denied');
  });

  it('refuses a callback with no transaction kept for it', async () => {
    const { callbackUrl } = await signIn(oidc, 'ada-reviewer');
    const error = await expectRectoError(oidc.finish(callbackUrl, undefined), 'SIGN_IN_FAILED');
    expect(error.message).toContain('start again');
  });

  it('makes returnTo a path on Recto, whatever it was', async () => {
    for (const hostile of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'review', '/a\nb']) {
      expect((await oidc.begin(hostile)).transaction.returnTo, hostile).toBe('/');
    }
  });

  it('applies OIDC_ROLE_MAP to claim values, subjects and verified email addresses', async () => {
    const mapped = await createOidcSignIn(
      configFor(provider, {
        OIDC_ROLE_MAP: JSON.stringify({
          'records-team': ['records'],
          'S8000:G8000:R8000': 'clinician',
          'sub:cy-no-role': ['reviewer'],
          'email:flo.mapped@trust.example': ['admin'],
          'email:gus@trust.example': ['admin'],
        }),
      }),
    );
    const di = await signIn(mapped, 'di-team');
    expect((await mapped.finish(di.callbackUrl, di.transaction)).roles).toEqual(['records', 'clinician']);
    const cy = await signIn(mapped, 'cy-no-role');
    expect((await mapped.finish(cy.callbackUrl, cy.transaction)).roles).toEqual(['reviewer']);
    const flo = await signIn(mapped, 'flo-by-email');
    expect((await mapped.finish(flo.callbackUrl, flo.transaction)).roles).toEqual(['admin']);
    // An address the provider does not vouch for could be anyone's.
    const gus = await signIn(mapped, 'gus-unverified');
    await expectRectoError(mapped.finish(gus.callbackUrl, gus.transaction), 'NO_ROLE');
    // With a map, a claim value that happens to be a role name gives nothing unless mapped.
    const ada = await signIn(mapped, 'ada-reviewer');
    await expectRectoError(mapped.finish(ada.callbackUrl, ada.transaction), 'NO_ROLE');
  });

  it('reads roles from a nested claim path through a list (CIS2 style)', async () => {
    const nested = await createOidcSignIn(
      configFor(provider, {
        OIDC_ROLES_CLAIM: 'nhsid_nrbac_roles.role_code',
        OIDC_ROLE_MAP: JSON.stringify({ 'S8000:G8000:R8001': ['clinician'], 'S0030:G0100:R0050': ['records'] }),
      }),
    );
    const { callbackUrl, transaction } = await signIn(nested, 'ed-nested');
    const identity = await nested.finish(callbackUrl, transaction);
    expect(identity.roles).toEqual(['records', 'clinician']);
    expect(identity.id).toBe(`oidc:${new URL(provider.issuer).host}:ed-nested`);
  });
});

describe('the test identity provider', () => {
  it('requires PKCE and knows only its accounts', async () => {
    const provider = await startOidcTestProvider({ redirectUris: [REDIRECT_URI], accounts: ACCOUNTS });
    try {
      const oidc = await createOidcSignIn(configFor(provider));
      const { url } = await oidc.begin('/');
      const withoutPkce = new URL(url);
      withoutPkce.searchParams.delete('code_challenge');
      withoutPkce.searchParams.delete('code_challenge_method');
      const refused = await signInThroughProvider(withoutPkce, 'ada-reviewer');
      expect(refused.searchParams.get('error')).toBe('invalid_request');
      expect(refused.searchParams.get('error_description')).toMatch(/PKCE/);
      await expect(signInThroughProvider(url, 'nobody')).rejects.toThrow(/HTTP 401.*No account with that login/s);
    } finally {
      await provider.close();
    }
  });
});

describe('OIDC sign-in with a public client and claims only at userinfo', () => {
  it('signs in with PKCE alone and finds the roles at userinfo', async () => {
    const provider = await startOidcTestProvider({
      redirectUris: [REDIRECT_URI],
      accounts: ACCOUNTS,
      publicClient: true,
      claimsInIdToken: false,
      hostname: '127.0.0.1',
    });
    try {
      expect(provider.clientSecret).toBeUndefined();
      const oidc = await createOidcSignIn(configFor(provider));
      const { callbackUrl, transaction } = await signIn(oidc, 'ada-reviewer');
      const identity = await oidc.finish(callbackUrl, transaction);
      expect(identity.roles).toEqual(['reviewer']);
      expect(identity.displayName).toBe('Ada Testperson');
    } finally {
      await provider.close();
    }
  });
});

describe('OIDC discovery', () => {
  it('waits for a provider that was down: lazyOidcSignIn discovers again on the next use', async () => {
    const port = await freePort();
    const config = loadOidcConfig({
      OIDC_ISSUER: `http://localhost:${port}`,
      OIDC_CLIENT_ID: 'recto-public',
      OIDC_REDIRECT_URI: REDIRECT_URI,
      OIDC_SCOPES: 'openid profile email roles',
      OIDC_ALLOW_HTTP: 'true',
    }) as OidcConfig;
    const oidc = lazyOidcSignIn(config);
    await expectRectoError(oidc.begin('/review'), 'IDENTITY_PROVIDER_UNAVAILABLE');

    const provider = await startOidcTestProvider({
      redirectUris: [REDIRECT_URI],
      accounts: ACCOUNTS,
      port,
      clientId: 'recto-public',
      publicClient: true,
    });
    try {
      expect(provider.issuer).toBe(config.issuer);
      const { callbackUrl, transaction } = await signIn(oidc, 'ada-reviewer');
      expect((await oidc.finish(callbackUrl, transaction)).roles).toEqual(['reviewer']);
    } finally {
      await provider.close();
    }
  });

  it('reports an issuer that does not answer as retryable', async () => {
    const port = await freePort();
    const config = loadOidcConfig({
      OIDC_ISSUER: `http://127.0.0.1:${port}`,
      OIDC_CLIENT_ID: 'recto',
      OIDC_REDIRECT_URI: REDIRECT_URI,
      OIDC_ALLOW_HTTP: 'true',
    });
    const error = await expectRectoError(createOidcSignIn(config as OidcConfig), 'IDENTITY_PROVIDER_UNAVAILABLE');
    expect(error.retryable).toBe(true);
  });

  it('reports an issuer that answers 503 as retryable, and one that is not an OIDC issuer as a wrong setting', async () => {
    let status = 503;
    const server = http.createServer((_req, res) => {
      res.statusCode = status;
      res.setHeader('content-type', 'text/html');
      res.end('<p>not an identity provider</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const config = loadOidcConfig({
        OIDC_ISSUER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        OIDC_CLIENT_ID: 'recto',
        OIDC_REDIRECT_URI: REDIRECT_URI,
        OIDC_ALLOW_HTTP: 'true',
      }) as OidcConfig;
      await expectRectoError(createOidcSignIn(config), 'IDENTITY_PROVIDER_UNAVAILABLE');
      status = 404;
      const error = await expectRectoError(createOidcSignIn(config), 'INVALID_OPTIONS');
      expect(error.message).toContain('OIDC_ISSUER');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
