import { RectoError } from '../core/errors.ts';

/**
 * Blob keys are `sha256/ab/cd/<64 hex>`: the algorithm named so a later change of hash cannot
 * clash, and two levels of fan-out so no folder holds millions of files. Only keys that match
 * this exact shape are accepted, which rules out path traversal (`..`, `/etc/…`) by construction.
 */
const BLOB_KEY_PATTERN = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export function blobKeyForSha256(sha256: string): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Returns the key's SHA-256; throws INVALID_STORAGE_KEY for anything Recto would not have made. */
export function parseBlobKey(key: string): string {
  const match = typeof key === 'string' ? BLOB_KEY_PATTERN.exec(key) : null;
  if (!match || match[3].slice(0, 2) !== match[1] || match[3].slice(2, 4) !== match[2]) {
    throw new RectoError('INVALID_STORAGE_KEY', `not a blob key: ${JSON.stringify(String(key).slice(0, 120))}`);
  }
  return match[3];
}
