import { describe, expect, it } from 'vitest';
import { claimStrings, displayNameFromClaims, rolesFromClaims } from '../../src/auth/oidc-roles.ts';
import { safeReturnTo } from '../../src/auth/safe-return-to.ts';

describe('claimStrings', () => {
  it('reads a claim that is a string or a list of strings, ignoring anything else', () => {
    expect(claimStrings({ roles: 'reviewer' }, 'roles')).toEqual(['reviewer']);
    expect(claimStrings({ roles: ['reviewer', 7, null, { x: 1 }, 'admin'] }, 'roles')).toEqual(['reviewer', 'admin']);
    expect(claimStrings({ roles: 42 }, 'roles')).toEqual([]);
    expect(claimStrings({}, 'roles')).toEqual([]);
  });

  it('walks dotted paths, through lists, and prefers a claim whose whole name has dots', () => {
    expect(claimStrings({ realm_access: { roles: ['records'] } }, 'realm_access.roles')).toEqual(['records']);
    const cis2 = { nhsid_nrbac_roles: [{ role_code: 'S1:G1:R8000' }, { role_code: 'S2:G2:R8001' }, { other: 'x' }] };
    expect(claimStrings(cis2, 'nhsid_nrbac_roles.role_code')).toEqual(['S1:G1:R8000', 'S2:G2:R8001']);
    expect(claimStrings({ 'https://trust.example/roles': ['admin'] }, 'https://trust.example/roles')).toEqual(['admin']);
  });

  it('reads only the claims’ own values, not what objects inherit', () => {
    expect(claimStrings({ a: {} }, 'a.constructor.name')).toEqual([]);
    expect(claimStrings({}, '__proto__')).toEqual([]);
    expect(claimStrings({ a: 'x' }, 'a.length')).toEqual([]);
  });
});

describe('rolesFromClaims', () => {
  it('without a map, keeps claim values that are role names, once each, in role order', () => {
    const claims = { sub: 's', roles: ['admin', 'records', 'admin', 'Admin', 'nurse'] };
    expect(rolesFromClaims(claims, { rolesClaim: 'roles' })).toEqual(['records', 'admin']);
  });

  it('with a map, gives only mapped roles: from claim values, the subject, and a verified email', () => {
    const roleMap = {
      R8000: ['clinician' as const],
      'sub:s-1': ['reviewer' as const],
      'email:jo@nhs.example': ['admin' as const],
      'sub:s-2': ['records' as const],
    };
    const rules = { rolesClaim: 'roles', roleMap };
    expect(rolesFromClaims({ sub: 's-1', roles: ['R8000', 'admin'] }, rules)).toEqual(['reviewer', 'clinician']);
    expect(rolesFromClaims({ sub: 'x', email: 'Jo@NHS.example', email_verified: true }, rules)).toEqual(['admin']);
    expect(rolesFromClaims({ sub: 'x', email: 'jo@nhs.example' }, rules)).toEqual([]);
    expect(rolesFromClaims({ sub: 'x', email: 'jo@nhs.example', email_verified: 'true' }, rules)).toEqual([]);
    // A claim value cannot pose as a local mapping key.
    expect(rolesFromClaims({ sub: 'x', roles: ['sub:s-2'] }, rules)).toEqual([]);
  });
});

describe('displayNameFromClaims', () => {
  it('uses the name, else the email, else the subject', () => {
    expect(displayNameFromClaims({ sub: 's', email: 'e@x', name: ' Ada ' })).toBe('Ada');
    expect(displayNameFromClaims({ sub: 's', email: 'e@x', name: '' })).toBe('e@x');
    expect(displayNameFromClaims({ sub: 's' })).toBe('s');
  });
});

describe('safeReturnTo', () => {
  it('keeps paths on Recto and turns anything else into /', () => {
    expect(safeReturnTo('/review/items/42?tab=pages#p2')).toBe('/review/items/42?tab=pages#p2');
    expect(safeReturnTo('/')).toBe('/');
    for (const hostile of [
      '//evil.example',
      // Paths that only become `//host` once resolved.
      '/.//evil.example/phish',
      '/a/..//evil.example',
      '/%2e//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'review',
      '',
      '/a\r\nSet-Cookie: x=1',
      '/\tevil',
      undefined,
      42,
    ]) {
      expect(safeReturnTo(hostile), String(hostile)).toBe('/');
    }
  });
});
