import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256-bit random secrets for session ids, API tokens and sign-in transactions. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets are stored as their SHA-256: a stolen database gives no working session or token. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two secrets (or their hashes) in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * API tokens read `rt_<id>_<secret>`: the id finds the row (and names the token in the audit
 * trail), the secret proves it. The `rt_` prefix lets secret scanners recognise a leaked token.
 */
const TOKEN_PATTERN = /^rt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export function newApiToken(): { id: string; secret: string; token: string } {
  const id = randomBytes(8).toString('hex');
  const secret = newSecret();
  return { id, secret, token: `rt_${id}_${secret}` };
}

export function parseApiToken(token: string): { id: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { id: match[1], secret: match[2] } : null;
}
