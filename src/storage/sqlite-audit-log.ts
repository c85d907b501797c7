import type { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import { chainHash, type ChainedEventRow, GENESIS_HASH, wellFormed } from '../audit/audit-chain.ts';
import { writeAuditCsv } from '../audit/audit-csv.ts';
import { auditKeyId } from '../audit/audit-key.ts';
import type { AuditEvent, AuditLog, AuditRange, ChainBreak, ChainVerification, NewAuditEvent, PatientDataAccess, StoredAuditEvent } from '../audit/audit-log.ts';
import { ChainVerifier, type StoredChainRow } from '../audit/verify-chain.ts';
import { compactNhsNumber } from '../core/nhs-number.ts';
import { RectoError } from '../core/errors.ts';
import { guard } from './sqlite-guard.ts';
import { AUDIT_TRIGGERS } from './sqlite-audit-migration.ts';
import { type AuditEventRow, type AuditStatements, prepareAuditStatements, storedEvent } from './sqlite-audit-statements.ts';

const EXPORT_BATCH = 1000;
const VERIFY_BATCH = 2000;
const TEN_DIGITS = /^\d{10}$/;

/**
 * The audit log on the SQLite file the rest of the store uses, on a connection it shares with
 * the review store, so a review change and its event commit together. Appends take the write
 * lock (BEGIN IMMEDIATE) before reading the last event, so however many processes append at
 * once, each event is chained to the one really before it; the insert trigger refuses any
 * other (sqlite-audit-migration.ts).
 */
export class SqliteAuditLog implements AuditLog {
  private readonly sql: AuditStatements;
  private readonly appendAlone: Database.Transaction<(event: NewAuditEvent) => void>;

  constructor(
    private readonly db: Database.Database,
    private readonly key: Buffer,
    keyFile: string,
  ) {
    this.sql = prepareAuditStatements(db);
    const recorded = this.sql.keyId.get() as string | undefined;
    if (recorded !== auditKeyId(key)) {
      throw new RectoError('AUDIT_KEY_INVALID', `${keyFile} is not the key this audit log was written with (key ${auditKeyId(key)}, log ${recorded ?? 'none'})`);
    }
    this.appendAlone = db.transaction((event: NewAuditEvent) => this.appendInTransaction(event, Date.now()));
  }

  async append(event: NewAuditEvent): Promise<void> {
    guard(() => this.appendAlone.immediate(event));
  }

  /**
   * Appends within the caller's write transaction (the review store's, so the change and its
   * event commit or roll back together). Refuses to run outside one: the chain is only linear
   * if the last event is read under the write lock.
   */
  appendInTransaction(event: NewAuditEvent, at: number): void {
    if (!this.db.inTransaction) throw new RectoError('INTERNAL', 'an audit event must be appended inside a write transaction');
    const head = this.sql.head.get() as { id: number; hash: string } | undefined;
    const sequence = (this.sql.sequence.get() as number | undefined) ?? 0;
    const row: ChainedEventRow = {
      id: Math.max(head?.id ?? 0, sequence) + 1,
      at,
      actor: wellFormed(event.actor),
      action: wellFormed(event.action),
      subjectId: wellFormed(event.subjectId),
      ip: event.ip == null ? null : wellFormed(event.ip),
      details: jsonText(event.details),
      before: jsonText(event.before),
      after: jsonText(event.after),
      patientNhsNumber: patientReference(event.patientNhsNumber),
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    this.sql.insert.run({ ...row, hash: chainHash(this.key, row) });
  }

  async verify(): Promise<ChainVerification> {
    // Where the log ended and the highest id ever given, from one snapshot; then the events up
    // to there a batch at a time, letting requests in between (it may run from an API route).
    const start = guard(() =>
      this.db.transaction(() => ({
        last: (this.sql.head.get() as { id: number } | undefined)?.id ?? 0,
        sequence: (this.sql.sequence.get() as number | undefined) ?? 0,
      }))(),
    );
    const verifier = new ChainVerifier(this.key);
    for (let after = 0; ; ) {
      const rows = guard(() => this.sql.pageUpTo.all({ after, last: start.last, limit: VERIFY_BATCH }) as AuditEventRow[]);
      if (rows.length === 0) break;
      for (const row of rows) verifier.push(chainRow(row));
      after = rows[rows.length - 1].id;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const chain = verifier.finish(start.sequence);
    const breaks = [...chain.breaks, ...guard(() => this.missingProtections())];
    return { ...chain, ok: breaks.length === 0, ...(breaks.length > 0 ? { firstBroken: breaks[0] } : {}), breaks };
  }

  /** The chain shows what was done; a dropped or emptied trigger shows the door that was opened to do it. */
  private missingProtections(): ChainBreak[] {
    const present = new Map((this.sql.triggers.all() as Array<{ name: string; sql: string }>).map((trigger) => [trigger.name, trigger.sql]));
    return Object.entries(AUDIT_TRIGGERS).flatMap(([name, sql]) => {
      const found = present.get(name);
      if (found === sql) return [];
      const what = found === undefined ? 'was dropped' : 'was changed';
      return [{ id: 0, kind: 'unprotected' as const, problem: `the append-only trigger ${name} ${what}: the database was altered to allow rewriting the log` }];
    });
  }

  async exportCsv(out: Writable, range: AuditRange = {}): Promise<{ rows: number }> {
    const last = guard(() => (this.sql.head.get() as { id: number } | undefined)?.id ?? 0);
    const bounds = { from: range.from?.getTime() ?? Number.MIN_SAFE_INTEGER, to: range.to?.getTime() ?? Number.MAX_SAFE_INTEGER, last };
    const sql = this.sql;
    function* batches(): Generator<StoredAuditEvent[]> {
      for (let after = 0; ; ) {
        const rows = guard(() => sql.pageInRange.all({ ...bounds, after, limit: EXPORT_BATCH }) as AuditEventRow[]);
        if (rows.length === 0) return;
        yield rows.map(storedEvent);
        after = rows[rows.length - 1].id;
      }
    }
    return writeAuditCsv(out, batches());
  }

  async viewersOfPatient(nhsNumber: string): Promise<PatientDataAccess[]> {
    const nhs = patientReference(nhsNumber)!;
    const rows = guard(() => this.sql.accessesOfPatient.all({ nhs }) as Array<Pick<AuditEventRow, 'id' | 'at' | 'actor' | 'action' | 'subject_id' | 'ip'>>);
    return rows.map((row) => ({ id: row.id, at: new Date(row.at).toISOString(), actor: row.actor, action: row.action, subjectId: row.subject_id, ip: row.ip }));
  }

  async trailOf(subjectId: string): Promise<AuditEvent[]> {
    return guard(() => (this.sql.eventsOfSubject.all(subjectId) as AuditEventRow[]).map(storedEvent));
  }

  async latestOf(subjectIds: readonly string[], action: string): Promise<Map<string, StoredAuditEvent>> {
    const latest = new Map<string, StoredAuditEvent>();
    if (subjectIds.length === 0) return latest;
    const rows = guard(() => this.sql.eventsOfSubjectsWithAction.all({ subjects: JSON.stringify(subjectIds), action }) as AuditEventRow[]);
    for (const row of rows) if (!latest.has(row.subject_id)) latest.set(row.subject_id, storedEvent(row));
    return latest;
  }
}

function chainRow(row: AuditEventRow): StoredChainRow {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subjectId: row.subject_id,
    ip: row.ip,
    details: row.details,
    before: row.before,
    after: row.after,
    patientNhsNumber: row.patient_nhs_number,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}


/** null stays SQL NULL; JSON.stringify also escapes lone surrogates, so the text is well-formed. */
function jsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function patientReference(nhsNumber: string | null | undefined): string | null {
  if (nhsNumber == null) return null;
  const compact = compactNhsNumber(nhsNumber);
  if (!TEN_DIGITS.test(compact)) throw new RectoError('BAD_REQUEST', `a patient reference must be a 10-digit NHS number, not ${JSON.stringify(nhsNumber.slice(0, 20))}`);
  return compact;
}
