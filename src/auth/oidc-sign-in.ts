import * as client from 'openid-client';
import { RectoError } from '../core/errors.ts';
import type { OidcConfig } from './oidc-config.ts';
import { describeOidcFailure, providerDidNotAnswer } from './oidc-errors.ts';
import { claimStrings, displayNameFromClaims, rolesFromClaims } from './oidc-roles.ts';
import type { Identity } from './roles.ts';
import { safeReturnTo } from './safe-return-to.ts';

/**
 * Sign-in through an OpenID Connect provider (NHS CIS2 and others): the authorisation code flow
 * with PKCE (S256), state and nonce, all checked by openid-client. Recto keeps the transaction
 * server-side between `begin` and `finish`; this module only makes and checks it.
 */

/** What has to survive between sending someone to the provider and their coming back. Secret: keep it server-side. */
export interface OidcTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** A path on Recto (already made safe) to go to once signed in. */
  returnTo: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

export interface OidcSignIn {
  /** The provider's sign-in address to redirect to, and the transaction to keep until the callback. */
  begin(returnTo: string): Promise<{ url: string; transaction: OidcTransaction }>;
  /**
   * Checks the provider's answer at Recto's callback and says who signed in, with their roles.
   * `transaction` undefined (none kept for this browser) is refused like any other bad answer.
   */
  finish(callbackUrl: URL, transaction: OidcTransaction | undefined): Promise<Identity>;
}

/** Long enough to type a password and answer a second factor; short enough that a stolen transaction goes stale. */
export const OIDC_TRANSACTION_TTL_MS = 10 * 60 * 1000;
const DISCOVERY_TIMEOUT_SECONDS = 10;

/** Reads the provider's discovery document once; fails with IDENTITY_PROVIDER_UNAVAILABLE (retryable) if it does not answer. */
export async function createOidcSignIn(config: OidcConfig): Promise<OidcSignIn> {
  const provider = await discover(config);
  const issuerHost = new URL(config.issuer).host;

  async function begin(returnTo: string): Promise<{ url: string; transaction: OidcTransaction }> {
    const codeVerifier = client.randomPKCECodeVerifier();
    const transaction: OidcTransaction = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier,
      returnTo: safeReturnTo(returnTo),
      createdAt: Date.now(),
    };
    const url = client.buildAuthorizationUrl(provider, {
      redirect_uri: config.redirectUri,
      scope: config.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
    });
    return { url: url.href, transaction };
  }

  async function finish(callbackUrl: URL, transaction: OidcTransaction | undefined): Promise<Identity> {
    if (transaction === undefined) {
      throw new RectoError(
        'SIGN_IN_FAILED',
        'No sign-in is in progress in this browser (it expired, was already used, or cookies are blocked): start again.',
      );
    }
    const age = Date.now() - transaction.createdAt;
    if (!Number.isFinite(age) || age > OIDC_TRANSACTION_TTL_MS || age < -60_000) {
      throw new RectoError('SIGN_IN_FAILED', 'Sign-in took longer than 10 minutes (or was started elsewhere): start again.');
    }
    // The token request must name the registered redirect URI exactly, whatever host or proxy the
    // callback reached Recto through: keep only the provider's answer (the query) from it.
    const answer = new URL(config.redirectUri);
    answer.search = callbackUrl.search;

    const claims = await callProvider(async () => {
      const tokens = await client.authorizationCodeGrant(provider, answer, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (idClaims === undefined) throw new RectoError('SIGN_IN_FAILED', 'The identity provider sent no ID token.');
      // Many providers (CIS2 among them) release roles and names only at userinfo; the ID token wins where both say.
      const userInfo = provider.serverMetadata().userinfo_endpoint
        ? await client.fetchUserInfo(provider, tokens.access_token, idClaims.sub)
        : {};
      return { ...userInfo, ...idClaims } as Record<string, unknown> & { sub: string };
    });

    const displayName = displayNameFromClaims(claims);
    const roles = rolesFromClaims(claims, config);
    if (roles.length === 0) {
      // Naming what the claim held lets an administrator write the missing OIDC_ROLE_MAP entry.
      const held = claimStrings(claims, config.rolesClaim).slice(0, 10);
      const rules = config.roleMap ? 'OIDC_ROLE_MAP' : 'role names (no OIDC_ROLE_MAP is set)';
      throw new RectoError(
        'NO_ROLE',
        `${displayName} (${claims.sub} at ${issuerHost}) signed in, but has no Recto role: ` +
          `the ${config.rolesClaim} claim held ${held.length ? held.join(', ') : 'nothing'}, and none is in ${rules}.`,
      );
    }
    return { id: `oidc:${issuerHost}:${claims.sub}`, displayName, roles, method: 'oidc' };
  }

  return { begin, finish };
}

/**
 * For the service: discovery on first use, and again on the next use after a failure, so Recto
 * starts (and local accounts work) while the identity provider is down or unreachable.
 */
export function lazyOidcSignIn(config: OidcConfig): OidcSignIn {
  let ready: Promise<OidcSignIn> | undefined;
  const signIn = (): Promise<OidcSignIn> => {
    ready ??= createOidcSignIn(config).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
  return {
    begin: async (returnTo) => (await signIn()).begin(returnTo),
    finish: async (callbackUrl, transaction) => (await signIn()).finish(callbackUrl, transaction),
  };
}

async function discover(config: OidcConfig): Promise<client.Configuration> {
  try {
    return await client.discovery(
      new URL(config.issuer),
      config.clientId,
      { redirect_uris: [config.redirectUri], response_types: ['code'] },
      config.clientSecret === undefined ? client.None() : client.ClientSecretPost(config.clientSecret),
      { execute: config.allowHttp ? [client.allowInsecureRequests] : [], timeout: DISCOVERY_TIMEOUT_SECONDS },
    );
  } catch (error) {
    if (providerDidNotAnswer(error)) {
      throw new RectoError(
        'IDENTITY_PROVIDER_UNAVAILABLE',
        `The identity provider at ${config.issuer} did not answer: ${describeOidcFailure(error)}.`,
        { cause: error },
      );
    }
    throw new RectoError(
      'INVALID_OPTIONS',
      `OIDC_ISSUER ${config.issuer} is not a usable OpenID Connect issuer: ${describeOidcFailure(error)}.`,
      { cause: error },
    );
  }
}

/** Runs the calls to the provider during `finish`, typing their failures. */
async function callProvider<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RectoError) throw error;
    if (providerDidNotAnswer(error)) {
      throw new RectoError(
        'IDENTITY_PROVIDER_UNAVAILABLE',
        `The identity provider did not answer: ${describeOidcFailure(error)}.`,
        { cause: error },
      );
    }
    throw new RectoError('SIGN_IN_FAILED', `Sign-in was refused: ${describeOidcFailure(error)}.`, { cause: error });
  }
}
