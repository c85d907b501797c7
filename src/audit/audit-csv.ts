import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { safeCsvCell } from '../core/csv-cell.ts';
import { RectoError } from '../core/errors.ts';
import type { StoredAuditEvent } from './audit-log.ts';

/** The export's columns, in order; prev_hash and hash let a recipient check the chain links. */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'actor',
  'action',
  'subject_id',
  'ip',
  'patient_nhs_number',
  'details',
  'before',
  'after',
  'prev_hash',
  'hash',
] as const;

/**
 * Streams events to `out` as CSV, one batch at a time, waiting whenever `out` is full, so an
 * export of millions of events holds one batch in memory. Every cell goes through safeCsvCell
 * (src/core/csv-cell.ts): actors, subjects and JSON come from users and scanned documents.
 */
export async function writeAuditCsv(out: Writable, batches: AsyncIterable<StoredAuditEvent[]> | Iterable<StoredAuditEvent[]>): Promise<{ rows: number }> {
  let rows = 0;
  await write(out, stringify([[...AUDIT_CSV_COLUMNS]], { record_delimiter: 'windows' }));
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    await write(out, stringify(batch.map(cellsOf), { record_delimiter: 'windows' }));
    rows += batch.length;
    // Let other work (API requests) run between batches, even when `out` never pushes back.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { rows };
}

function cellsOf(event: StoredAuditEvent): string[] {
  const json = (value: unknown) => (value === null ? '' : JSON.stringify(value));
  return [
    String(event.id),
    event.at,
    event.actor,
    event.action,
    event.subjectId,
    event.ip ?? '',
    event.patientNhsNumber ?? '',
    json(event.details),
    json(event.before),
    json(event.after),
    event.prevHash,
    event.hash,
  ].map(safeCsvCell);
}

async function write(out: Writable, text: string): Promise<void> {
  if (out.destroyed) throw new RectoError('OUTPUT_WRITE_FAILED', 'the audit export destination was closed before the export finished');
  if (out.write(text)) return;
  // Wait for room; `once` rejects if the destination fails, and a closed one must not hang us.
  const abort = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: abort.signal }), once(out, 'close', { signal: abort.signal })]);
  } finally {
    abort.abort();
  }
}
