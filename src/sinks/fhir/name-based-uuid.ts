import { createHash } from 'node:crypto';

/**
 * A UUID made from a name, in the manner of RFC 9562 version 5 (SHA-1 of the name, version and
 * variant bits set), so the same document always gets the same `urn:uuid:` placeholders and a
 * re-delivery sends a byte-identical Bundle. The ids are placeholders inside one transaction,
 * not secrets: SHA-1 is what version 5 specifies.
 */
export function nameBasedUuid(...nameParts: string[]): string {
  const bytes = createHash('sha1').update(nameParts.join('\n')).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
