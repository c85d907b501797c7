import { z } from 'zod';
import { RectoError } from '../core/errors.ts';
import { isRole, ROLES, type Role } from './roles.ts';

/**
 * OpenID Connect sign-in settings (NHS CIS2, a trust's Entra ID, Keycloak...), from the
 * environment. All optional: sign-in by OIDC is on when OIDC_ISSUER is set, and then the
 * client id and redirect URI must be set too.
 *
 * The service config merges `OidcEnvShape` into its own schema and calls `oidcConfigFromEnv`
 * on the parsed result; `loadOidcConfig` does both for code that only needs these settings.
 */

/** Where a setting said "true"/"false" in the environment; z.coerce.boolean would take "false" as true. */
const flag = z.stringbool({ truthy: ['true', '1', 'yes'], falsy: ['false', '0', 'no', ''] });

/** A JSON object whose keys are claim values, `sub:<subject>` or `email:<address>`, and whose values name Recto roles. */
const RoleMapJson = z.string().transform((text, ctx): Record<string, Role[]> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object, e.g. {"R8000":["clinician"]}' });
    return z.NEVER;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object, e.g. {"R8000":["clinician"]}' });
    return z.NEVER;
  }
  const map: Record<string, Role[]> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const roles = Array.isArray(value) ? value : [value];
    const unknown = roles.filter((role) => !isRole(role));
    if (unknown.length > 0 || roles.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `"${key}" maps to ${JSON.stringify(value)}; each value must be one of ${ROLES.join(', ')} (or a list of them)`,
      });
      return z.NEVER;
    }
    // Addresses compare without case; claim values and subjects are compared exactly.
    map[key.startsWith('email:') ? key.toLowerCase() : key] = roles as Role[];
  }
  return map;
});

const httpUrl = z.url({ protocol: /^https?$/ });

export const OidcEnvShape = {
  /** The identity provider's issuer URL; its /.well-known/openid-configuration is read at start-up. */
  OIDC_ISSUER: httpUrl.optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** Unset for a public client: the code is then protected by PKCE alone. */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Recto's own callback as registered at the provider, e.g. https://recto.trust.nhs.uk/auth/oidc/callback. */
  OIDC_REDIRECT_URI: httpUrl.optional(),
  /** Space-separated; add the scope that releases the roles claim (CIS2: nationalrbacaccess). */
  OIDC_SCOPES: z
    .string()
    .default('openid profile email')
    .refine((scopes) => scopes.split(/\s+/).includes('openid'), { message: 'must include "openid"' }),
  /** Claim holding the person's roles: a name, or a dotted path into nested claims (realm_access.roles). */
  OIDC_ROLES_CLAIM: z
    .string()
    .regex(/^\S+$/, { message: 'must be a claim name or dotted path, without spaces' })
    .default('roles'),
  /** Without it, claim values that are Recto role names (records, reviewer, clinician, admin) are the roles. */
  OIDC_ROLE_MAP: RoleMapJson.optional(),
  /** Tests only: allow http:// for the issuer and redirect URI. */
  OIDC_ALLOW_HTTP: flag.default(false),
};

const OidcEnvSchema = z.object(OidcEnvShape);
export type OidcEnv = z.infer<typeof OidcEnvSchema>;

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  scopes: string;
  rolesClaim: string;
  /** Undefined: claim values equal to a role name are that role. */
  roleMap?: Record<string, Role[]>;
  allowHttp: boolean;
}

function invalid(setting: string, message: string): RectoError {
  return new RectoError('INVALID_OPTIONS', `${setting} ${message}`);
}

/** The settings as one object, or undefined when OIDC sign-in is not configured (no OIDC_ISSUER). */
export function oidcConfigFromEnv(env: OidcEnv): OidcConfig | undefined {
  if (env.OIDC_ISSUER === undefined) {
    const stray = (['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI', 'OIDC_ROLE_MAP'] as const).find(
      (name) => env[name] !== undefined,
    );
    if (stray) throw invalid('OIDC_ISSUER', `must be set when ${stray} is (or unset ${stray})`);
    return undefined;
  }
  if (env.OIDC_CLIENT_ID === undefined) throw invalid('OIDC_CLIENT_ID', 'must be set when OIDC_ISSUER is');
  if (env.OIDC_REDIRECT_URI === undefined) throw invalid('OIDC_REDIRECT_URI', 'must be set when OIDC_ISSUER is');
  if (!env.OIDC_ALLOW_HTTP) {
    for (const name of ['OIDC_ISSUER', 'OIDC_REDIRECT_URI'] as const) {
      if (!env[name]?.startsWith('https://')) throw invalid(name, 'must be an https:// URL');
    }
  }
  const redirect = new URL(env.OIDC_REDIRECT_URI);
  if (redirect.search || redirect.hash) throw invalid('OIDC_REDIRECT_URI', 'must not have a query or fragment');
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    redirectUri: env.OIDC_REDIRECT_URI,
    scopes: env.OIDC_SCOPES.trim().split(/\s+/).join(' '),
    rolesClaim: env.OIDC_ROLES_CLAIM,
    roleMap: env.OIDC_ROLE_MAP,
    allowHttp: env.OIDC_ALLOW_HTTP,
  };
}

export function loadOidcConfig(env: NodeJS.ProcessEnv = process.env): OidcConfig | undefined {
  const result = OidcEnvSchema.safeParse(env);
  if (!result.success) throw new RectoError('INVALID_OPTIONS', z.prettifyError(result.error));
  return oidcConfigFromEnv(result.data);
}
