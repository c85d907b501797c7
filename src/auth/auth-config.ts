import { z } from 'zod';

/**
 * Sign-in settings, part of the service's environment (src/service/service-config.ts). Sign-in
 * is always on: there is no setting that turns it off.
 */
export const AuthConfigSchema = z.object({
  /** How Recto is reached by browsers (e.g. https://recto.trust.nhs.uk): the only origin allowed to change things. Unset: the request's own Host. */
  PUBLIC_URL: z.url().optional(),
  /** Sessions end after this long without a request (NHS workstations are shared). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** And after this long whatever happens: a working day. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /**
   * The trust's reverse proxies, as addresses or CIDRs (`10.0.0.5,10.1.0.0/16`) or a hop count:
   * only from them are X-Forwarded-For and X-Forwarded-Proto believed, so the audit trail records
   * the person's address, not the proxy's. Unset: no proxy is trusted.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d+|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'TRUST_PROXY is a hop count or comma-separated addresses/CIDRs')
    .optional(),
  /** `auto`: Secure cookies when PUBLIC_URL is https or the request came over TLS (directly, or through a TRUST_PROXY saying so). */
  COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Failed passwords in a row before an account is locked, and for how long. */
  LOCKOUT_ATTEMPTS: z.coerce.number().int().min(3).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /**
   * Trusted-proxy mode, off unless set: a reverse proxy that has signed the person in sends
   * AUTH_PROXY_SECRET in `X-Recto-Proxy-Secret`, the user in AUTH_PROXY_USER_HEADER and roles
   * (comma-separated) in AUTH_PROXY_ROLES_HEADER. Without the secret those headers are ignored.
   */
  AUTH_PROXY_SECRET: z.string().min(32, 'AUTH_PROXY_SECRET must be at least 32 characters').optional(),
  AUTH_PROXY_USER_HEADER: z.string().toLowerCase().default('x-recto-user'),
  AUTH_PROXY_ROLES_HEADER: z.string().toLowerCase().default('x-recto-roles'),
  /**
   * Sign-in attempts (local accounts) per client address per minute, against password spraying
   * and floods of password checks. Behind a proxy, set TRUST_PROXY so each person is counted,
   * not the proxy.
   */
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
  /** A bearer token Prometheus may use for /metrics only (admins can always read it). */
  METRICS_TOKEN: z.string().min(32, 'METRICS_TOKEN must be at least 32 characters').optional(),
});

export type AuthConfig = z.infer<typeof AuthConfigSchema>;

export const DEFAULT_AUTH_CONFIG: AuthConfig = AuthConfigSchema.parse({});
