import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (panva's oidc-provider, the certified one) on loopback, for
 * sign-in tests: one client, PKCE required, the accounts a test defines, and a plain HTML login
 * page where typing an account's `sub` signs in as it (no passwords: the provider is not what is
 * under test). Consent is given automatically.
 *
 * Login page, for browser tests: GET /interaction/<uid> shows
 *   <form method="post" action="/interaction/<uid>/login">
 *     <input type="text" name="login" id="login"> <button type="submit">Sign in</button>
 *   </form>
 *   <form method="post" action="/interaction/<uid>/abort"><button type="submit">Cancel</button></form>
 * An unknown login shows the page again with HTTP 401 and "No account with that login".
 */

export interface TestAccount {
  sub: string;
  name?: string;
  email?: string;
  /** Default true when there is an email address. */
  emailVerified?: boolean;
  /** Issued as the `roles` claim. */
  roles?: string[];
  /** Any other claims to issue, e.g. { realm_access: { roles: ['reviewer'] } }; released with the `roles` scope. */
  claims?: Record<string, unknown>;
}

export interface OidcTestProviderOptions {
  redirectUris: string[];
  accounts: TestAccount[];
  /** Default: a random one. */
  clientId?: string;
  /** Default false: a confidential client with a secret (client_secret_post). */
  publicClient?: boolean;
  /** Default true. False: names, emails and roles only at userinfo, as many real providers do. */
  claimsInIdToken?: boolean;
  /**
   * The host name in the issuer URL; it listens on 127.0.0.1 either way. The default, 'localhost',
   * puts the provider on another site than a Recto at 127.0.0.1, as a real provider is: browsers
   * then apply SameSite rules as in production, and the two do not share cookies (cookies ignore
   * ports, so at 127.0.0.1 Recto would receive the provider's _session cookies).
   */
  hostname?: '127.0.0.1' | 'localhost';
  /** Default: any free port. A fixed one lets a test start the provider after Recto was told its issuer. */
  port?: number;
}

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  /** Undefined for a public client. */
  clientSecret?: string;
  /** The scopes that release everything the accounts carry: use as OIDC_SCOPES. */
  scopes: string;
  close(): Promise<void>;
}

export async function startOidcTestProvider(options: OidcTestProviderOptions): Promise<OidcTestProvider> {
  const accounts = new Map(options.accounts.map((account) => [account.sub, account]));
  const extraClaimNames = [...new Set(options.accounts.flatMap((account) => Object.keys(account.claims ?? {})))];
  const clientId = options.clientId ?? `recto-test-${randomBytes(4).toString('hex')}`;
  const clientSecret = options.publicClient ? undefined : randomBytes(24).toString('base64url');

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://${options.hostname ?? 'localhost'}:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        ...(clientSecret ? { client_secret: clientSecret } : {}),
        token_endpoint_auth_method: clientSecret ? 'client_secret_post' : 'none',
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
      roles: ['roles', ...extraClaimNames],
    },
    conformIdTokenClaims: options.claimsInIdToken === false,
    jwks: { keys: [{ ...signingKey, use: 'sig', alg: 'RS256', kid: 'test-key' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // Fixed lifetimes (seconds), so the provider does not warn that it uses its defaults.
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            name: account.name,
            email: account.email,
            email_verified: account.email === undefined ? undefined : (account.emailVerified ?? true),
            roles: account.roles,
            ...account.claims,
          };
        },
      };
    },
  });
  // Without a listener, the provider logs every refused request (the tests make some on purpose).
  provider.on('server_error', (_ctx, error) => console.error('oidc test provider:', error));

  const providerCallback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const route = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!route) return providerCallback(req, res);
    interaction(provider, accounts, req, res, route[2]).catch((error: unknown) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(`interaction failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    scopes: 'openid profile email roles',
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function interaction(
  provider: Provider,
  accounts: Map<string, TestAccount>,
  req: IncomingMessage,
  res: ServerResponse,
  action: string | undefined,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (action === '/abort' && req.method === 'POST') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled sign-in.' });
  }
  if (details.prompt.name === 'consent') return consentToEverything(provider, details, req, res);
  if (action === '/login' && req.method === 'POST') {
    const login = new URLSearchParams(await readBody(req)).get('login')?.trim() ?? '';
    if (accounts.has(login)) {
      return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    }
    return sendLoginPage(res, details.uid, 401, 'No account with that login.');
  }
  return sendLoginPage(res, details.uid, 200);
}

/** The person here is the one the test chose; asking them to approve the client would only add a click. */
async function consentToEverything(
  provider: Provider,
  details: Awaited<ReturnType<Provider['interactionDetails']>>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const grant = new provider.Grant({ accountId: details.session?.accountId ?? '', clientId: details.params.client_id });
  const { missingOIDCScope, missingOIDCClaims } = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
  };
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function sendLoginPage(res: ServerResponse, uid: string, status: number, problem?: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Test identity provider: sign in</title></head>
<body>
<main>
<h1>Sign in to the test identity provider</h1>
${problem ? `<p role="alert">${problem}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="login">Login</label>
<input type="text" id="login" name="login" autocomplete="username" required autofocus>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${uid}/abort">
<button type="submit">Cancel</button>
</form>
</main>
</body>
</html>
`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('login form too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
