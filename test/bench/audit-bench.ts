/**
 * `npx tsx test/bench/audit-bench.ts [N] [DIR]`: what auditing costs per event, on the disk the
 * data folder is on (DIR, default a temporary folder under the current one; not /tmp, which
 * may be memory). Three numbers:
 * - append(): one event in its own transaction with the store's settings (synchronous=FULL,
 *   so one fsync each): what a route that audits a view pays.
 * - append() with synchronous=OFF: the same without the fsync, i.e. SQLite and the chain.
 * - appendInTransaction(): the chain's own cost inside a transaction that commits anyway
 *   (a review change and its event): two lookups, one HMAC, one insert and its trigger.
 * And how long `verify()` takes over everything written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readAuditKey } from '../../src/audit/audit-key.ts';
import type { NewAuditEvent } from '../../src/audit/audit-log.ts';
import { SqliteAuditLog } from '../../src/storage/sqlite-audit-log.ts';
import { openDatabase } from '../../src/storage/sqlite-schema.ts';

const count = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(path.join(path.resolve(process.argv[3] ?? '.'), '.audit-bench-'));
const db = openDatabase(path.join(dir, 'recto.sqlite'), 5_000);
const log = new SqliteAuditLog(db, readAuditKey(path.join(dir, 'audit.key')), path.join(dir, 'audit.key'));
const event = (n: number): NewAuditEvent => ({
  actor: 'c.jones',
  action: 'page.viewed',
  subjectId: 'doc_01JB6Z2W3X4Y5Z6A7B8C9D0E1F',
  ip: '10.20.30.40',
  details: { page: n % 12 },
  patientNhsNumber: '9990000018',
});

async function timeAppends(label: string): Promise<void> {
  const started = process.hrtime.bigint();
  for (let n = 0; n < count; n++) await log.append(event(n));
  report(label, started);
}

function report(label: string, started: bigint): void {
  const micros = Number(process.hrtime.bigint() - started) / 1000 / count;
  process.stdout.write(`${label.padEnd(44)} ${micros.toFixed(1).padStart(8)} µs/event over ${count}\n`);
}

try {
  await timeAppends('append(), synchronous=FULL (as the store runs)');
  db.pragma('synchronous = OFF');
  await timeAppends('append(), synchronous=OFF (no fsync)');
  const started = process.hrtime.bigint();
  db.transaction(() => {
    for (let n = 0; n < count; n++) log.appendInTransaction(event(n), Date.now());
  }).immediate();
  report('appendInTransaction() in one transaction', started);
  const verifyStarted = process.hrtime.bigint();
  const result = await log.verify();
  const ms = Number(process.hrtime.bigint() - verifyStarted) / 1e6;
  process.stdout.write(`verify(): ${result.events} events, ok=${result.ok}, ${ms.toFixed(0)} ms (${((ms * 1000) / result.events).toFixed(1)} µs/event)\n`);
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
