import { randomBytes } from 'node:crypto';

/**
 * Document ids are `doc_` + a ULID: 48 bits of creation time in milliseconds, then 80 random
 * bits, in Crockford base 32 (26 characters). They sort by creation time as plain strings, so
 * newest-first pagination is one index on the primary key, and they are made without asking
 * the database, so any process can make one.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = 'doc_';
const DOCUMENT_ID_PATTERN = /^doc_[0-9A-HJKMNP-TV-Z]{26}$/;

export function newDocumentId(createdAtMs: number): string {
  return newPrefixedUlid(PREFIX, createdAtMs);
}

/** The same scheme for other records (`rev_` review items): sortable by creation, made anywhere. */
export function newPrefixedUlid(prefix: string, createdAtMs: number): string {
  let time = '';
  for (let rest = createdAtMs, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) time = CROCKFORD[rest % 32] + time;
  const random = randomBytes(10);
  let bits = 0n;
  for (const byte of random) bits = (bits << 8n) | BigInt(byte);
  let tail = '';
  for (let i = 0; i < 16; i++, bits >>= 5n) tail = CROCKFORD[Number(bits & 31n)] + tail;
  return prefix + time + tail;
}

export function isDocumentId(value: string): boolean {
  return DOCUMENT_ID_PATTERN.test(value);
}
