import { createHash } from 'node:crypto';
import { RectoError } from '../core/errors.ts';
import type { SearchFilters } from './validate-search-query.ts';
import type { ParsedText } from './parse-search-text.ts';

/**
 * Keyset cursors: the sort key of the last hit handed out, so the next page starts strictly
 * after it and no hit is repeated or skipped while the index is unchanged (an offset would
 * shift under documents indexed between two pages). Ranked searches sort by (rank, document
 * id), timelines by (document date, document id). The cursor also carries a fingerprint of
 * the search, so a cursor pasted into a different search is refused instead of misapplied.
 */
export type SearchPosition =
  | { kind: 'rank'; rank: number; documentId: string }
  | { kind: 'timeline'; dateKey: string; documentId: string };

interface CursorBody {
  v: 1;
  f: string;
  p: SearchPosition;
}

/** A short digest of what is searched for (not the limit: a caller may change page size). */
export function searchFingerprint(text: ParsedText | null, filters: SearchFilters): string {
  return createHash('sha256').update(JSON.stringify({ text, filters })).digest('base64url').slice(0, 16);
}

export function encodeCursor(fingerprint: string, position: SearchPosition): string {
  const body: CursorBody = { v: 1, f: fingerprint, p: position };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string): SearchPosition {
  const body = parseBody(cursor);
  if (!body) throw new RectoError('INVALID_CURSOR', `not a search cursor this index made: ${JSON.stringify(cursor.slice(0, 60))}`);
  if (body.f !== fingerprint) throw new RectoError('INVALID_CURSOR', 'the cursor belongs to a different search: start this one from its first page');
  return body.p;
}

function parseBody(cursor: string): CursorBody | undefined {
  if (cursor.length > 500 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return isCursorBody(body) ? body : undefined;
}

function isCursorBody(body: unknown): body is CursorBody {
  const candidate = body as Partial<CursorBody> | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.v !== 1 || typeof candidate.f !== 'string') return false;
  const position = candidate.p as Partial<Record<string, unknown>> | undefined;
  if (typeof position !== 'object' || position === null || typeof position.documentId !== 'string') return false;
  if (position.kind === 'rank') return typeof position.rank === 'number' && Number.isFinite(position.rank);
  return position.kind === 'timeline' && typeof position.dateKey === 'string';
}
