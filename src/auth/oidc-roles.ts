import { isRole, ROLES, type Role } from './roles.ts';

/**
 * Turning what the identity provider says about a person into Recto roles. Pure functions, so
 * the rules can be read (and tested) apart from the sign-in protocol.
 */

type Claims = Record<string, unknown>;

function ownValue(holder: unknown, key: string): unknown {
  if (holder === null || typeof holder !== 'object' || Array.isArray(holder)) return undefined;
  return Object.hasOwn(holder, key) ? (holder as Claims)[key] : undefined;
}

/**
 * The strings at a claim path. A path is a claim name (`roles`, or a namespaced one with dots in
 * it such as `https://trust.example/roles`), or dotted segments into nested claims; through a
 * list, a segment applies to each element, so CIS2's `nhsid_nrbac_roles.role_code` gives every
 * role code. Anything that is not a string is ignored.
 */
export function claimStrings(claims: Claims, path: string): string[] {
  let found: unknown[];
  if (Object.hasOwn(claims, path)) {
    found = [claims[path]];
  } else {
    found = [claims];
    for (const segment of path.split('.')) {
      found = found.flatMap((value) => (Array.isArray(value) ? value : [value])).map((value) => ownValue(value, segment));
    }
  }
  return found.flatMap((value) => (Array.isArray(value) ? value : [value])).filter((value) => typeof value === 'string');
}

export interface RoleRules {
  rolesClaim: string;
  /** Keys: claim values, `sub:<subject>`, `email:<lower-case address>`. Undefined: claim values that are role names. */
  roleMap?: Record<string, Role[]>;
}

const LOCAL_KEY = /^(sub|email):/;

/** Every role the claims give, in ROLES order; an empty list means the person may not sign in. */
export function rolesFromClaims(claims: Claims, rules: RoleRules): Role[] {
  const values = claimStrings(claims, rules.rolesClaim);
  const granted = new Set<Role>();
  if (rules.roleMap === undefined) {
    for (const value of values) if (isRole(value)) granted.add(value);
  } else {
    const map = rules.roleMap;
    const add = (key: string): void => {
      for (const role of Object.hasOwn(map, key) ? map[key] : []) granted.add(role);
    };
    for (const value of values) if (!LOCAL_KEY.test(value)) add(value);
    if (typeof claims.sub === 'string') add(`sub:${claims.sub}`);
    // Only an address the provider vouches for: elsewhere people may be able to set their own.
    if (typeof claims.email === 'string' && claims.email_verified === true) add(`email:${claims.email.toLowerCase()}`);
  }
  return ROLES.filter((role) => granted.has(role));
}

/** What people see: the name the provider gives, else the email address, else the subject. */
export function displayNameFromClaims(claims: Claims): string {
  for (const key of ['name', 'email', 'sub']) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return 'unknown';
}
