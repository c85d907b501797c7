import { createHmac } from 'node:crypto';

/**
 * The link of the audit chain: each event's hash is an HMAC-SHA-256, under a key kept outside
 * the database (audit-key.ts), over the event's fields and the hash of the event before it.
 *
 * Why a keyed hash and not plain SHA-256: with plain SHA-256 anyone who can write the
 * database file can edit an event and recompute every hash after it, and the chain verifies.
 * With the key held elsewhere, they cannot: the edit shows. The price is that the key must be
 * kept (and backed up) with the log; without it the log can be read but not verified.
 */

/** The previous hash of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** Bumped if the serialisation ever changes, so old and new links cannot be confused. */
const CHAIN_FORMAT = 'recto-audit-v1';

/** An event's columns exactly as stored: JSON columns are their stored text, times are integer milliseconds. */
export interface ChainedEventRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  subjectId: string;
  ip: string | null;
  details: string | null;
  before: string | null;
  after: string | null;
  patientNhsNumber: string | null;
  prevHash: string;
}

/**
 * JSON of a fixed-order array: unambiguous (every string is quoted and escaped, so no choice
 * of field values can make two events serialise alike) and the same on every platform.
 */
export function canonicalEvent(row: ChainedEventRow): string {
  return JSON.stringify([
    CHAIN_FORMAT,
    row.id,
    row.at,
    row.actor,
    row.action,
    row.subjectId,
    row.ip,
    row.details,
    row.before,
    row.after,
    row.patientNhsNumber,
    row.prevHash,
  ]);
}

export function chainHash(key: Buffer, row: ChainedEventRow): string {
  return createHmac('sha256', key).update(canonicalEvent(row)).digest('hex');
}

/**
 * SQLite stores text as UTF-8, which cannot hold a lone UTF-16 surrogate: it would read back
 * changed and the event would fail verification. So text is made well-formed before it is
 * hashed and stored (a lone surrogate becomes U+FFFD, as TextEncoder would make it).
 */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
