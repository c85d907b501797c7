import { describe, expect, it } from 'vitest';
import { loadOidcConfig } from '../../src/auth/oidc-config.ts';
import { RectoError } from '../../src/core/errors.ts';

const BASE = {
  OIDC_ISSUER: 'https://idp.trust.example/realms/nhs',
  OIDC_CLIENT_ID: 'recto',
  OIDC_REDIRECT_URI: 'https://recto.trust.example/auth/oidc/callback',
};

function refusal(env: Record<string, string>): RectoError {
  try {
    loadOidcConfig(env);
  } catch (error) {
    if (error instanceof RectoError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('OIDC settings', () => {
  it('are off without OIDC_ISSUER, and complete with defaults when it is set', () => {
    expect(loadOidcConfig({})).toBeUndefined();
    expect(loadOidcConfig(BASE)).toEqual({
      issuer: BASE.OIDC_ISSUER,
      clientId: 'recto',
      clientSecret: undefined,
      redirectUri: BASE.OIDC_REDIRECT_URI,
      scopes: 'openid profile email',
      rolesClaim: 'roles',
      roleMap: undefined,
      allowHttp: false,
    });
  });

  it('read a role map with single roles or lists, and compare email keys without case', () => {
    const config = loadOidcConfig({
      ...BASE,
      OIDC_SCOPES: ' openid  profile nationalrbacaccess ',
      OIDC_ROLES_CLAIM: 'nhsid_nrbac_roles.role_code',
      OIDC_ROLE_MAP: '{"S8000:G8000:R8000":"clinician","records-team":["records","reviewer"],"email:Jo.Bloggs@NHS.net":["admin"]}',
      OIDC_CLIENT_SECRET: 's3cret',
    });
    expect(config?.scopes).toBe('openid profile nationalrbacaccess');
    expect(config?.roleMap).toEqual({
      'S8000:G8000:R8000': ['clinician'],
      'records-team': ['records', 'reviewer'],
      'email:jo.bloggs@nhs.net': ['admin'],
    });
    expect(config?.clientSecret).toBe('s3cret');
  });

  it('name the setting that is wrong', () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...BASE, OIDC_ISSUER: 'not a url' }, 'OIDC_ISSUER'],
      [{ ...BASE, OIDC_ISSUER: 'http://idp.trust.example' }, 'OIDC_ISSUER'],
      [{ ...BASE, OIDC_REDIRECT_URI: 'http://recto.trust.example/cb' }, 'OIDC_REDIRECT_URI'],
      [{ ...BASE, OIDC_REDIRECT_URI: 'https://recto.trust.example/cb?x=1' }, 'OIDC_REDIRECT_URI'],
      [{ OIDC_ISSUER: BASE.OIDC_ISSUER, OIDC_REDIRECT_URI: BASE.OIDC_REDIRECT_URI }, 'OIDC_CLIENT_ID'],
      [{ OIDC_ISSUER: BASE.OIDC_ISSUER, OIDC_CLIENT_ID: 'recto' }, 'OIDC_REDIRECT_URI'],
      [{ OIDC_CLIENT_ID: 'recto' }, 'OIDC_ISSUER'],
      [{ ...BASE, OIDC_SCOPES: 'profile email' }, 'OIDC_SCOPES'],
      [{ ...BASE, OIDC_ROLES_CLAIM: 'two words' }, 'OIDC_ROLES_CLAIM'],
      [{ ...BASE, OIDC_ROLE_MAP: '{"R8000":' }, 'OIDC_ROLE_MAP'],
      [{ ...BASE, OIDC_ROLE_MAP: '["clinician"]' }, 'OIDC_ROLE_MAP'],
      [{ ...BASE, OIDC_ROLE_MAP: '{"R8000":["doctor"]}' }, 'OIDC_ROLE_MAP'],
      [{ ...BASE, OIDC_ROLE_MAP: '{"R8000":[]}' }, 'OIDC_ROLE_MAP'],
      [{ ...BASE, OIDC_ALLOW_HTTP: 'perhaps' }, 'OIDC_ALLOW_HTTP'],
    ];
    for (const [env, setting] of cases) {
      const error = refusal(env);
      expect(error.code, setting).toBe('INVALID_OPTIONS');
      expect(error.message, JSON.stringify(env)).toContain(setting);
    }
  });

  it('allow http:// only when OIDC_ALLOW_HTTP says so', () => {
    const config = loadOidcConfig({
      OIDC_ISSUER: 'http://127.0.0.1:4000',
      OIDC_CLIENT_ID: 'recto',
      OIDC_REDIRECT_URI: 'http://127.0.0.1:3000/auth/oidc/callback',
      OIDC_ALLOW_HTTP: 'true',
    });
    expect(config?.allowHttp).toBe(true);
    expect(loadOidcConfig({ ...BASE, OIDC_ALLOW_HTTP: 'false' })?.allowHttp).toBe(false);
  });
});
