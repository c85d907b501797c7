import type Database from 'better-sqlite3';
import { chainHash, type ChainedEventRow, GENESIS_HASH, wellFormed } from '../audit/audit-chain.ts';
import { auditKeyId } from '../audit/audit-key.ts';

/**
 * Schema migration 3: the audit trail becomes the hash-chained audit log (src/audit). The
 * table is rebuilt, because SQLite cannot add NOT NULL columns or CHECKs to a table in place:
 * the events written so far are copied with their ids, chained in id order under the key, and
 * `document.filed` events get the NHS number they filed to as their patient reference, so
 * "who viewed this patient's documents" covers documents filed before the upgrade.
 *
 * Frozen like every migration: it spells out the action name it backfills instead of
 * importing filing's constant, so a later rename cannot change what an old upgrade did.
 */

const BATCH = 1000;
const TEN_DIGITS = /^\d{10}$/;

const CREATE_CHAINED_TABLE = `
  CREATE TABLE audit_events_chained (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    at                  INTEGER NOT NULL,
    actor               TEXT NOT NULL,
    action              TEXT NOT NULL,
    subject_id          TEXT NOT NULL,
    ip                  TEXT,
    details             TEXT CHECK (details IS NULL OR json_valid(details)),
    before              TEXT CHECK (before IS NULL OR json_valid(before)),
    after               TEXT CHECK (after IS NULL OR json_valid(after)),
    patient_nhs_number  TEXT CHECK (patient_nhs_number IS NULL OR patient_nhs_number GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    prev_hash           TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash                TEXT NOT NULL CHECK (length(hash) = 64)
  ) STRICT`;

/**
 * The triggers that keep the log append-only, by name, as sqlite_master must hold them:
 * verify reports one that is missing or different (a trigger dropped or emptied to tamper).
 * A later migration that changes them must give verify its own list.
 */
export const AUDIT_TRIGGERS = {
  audit_events_no_update: `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`,
  audit_events_no_delete: `CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`,
  // An event can only be added after the last one, chained to it. This is what stops INSERT OR
  // REPLACE: REPLACE deletes the old row without firing delete triggers, but this fires first.
  // (An insert without an id sees NEW.id = -1 here, so it is refused too: the id is hashed.)
  audit_events_append_only: `CREATE TRIGGER audit_events_append_only BEFORE INSERT ON audit_events
  WHEN NEW.id <= coalesce((SELECT max(id) FROM audit_events), 0)
    OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), '${GENESIS_HASH}')
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: an event must follow the last one, with a new id, chained to its hash'); END`,
} as const;

const FINISH = `
  DROP TABLE audit_events;
  ALTER TABLE audit_events_chained RENAME TO audit_events;
  CREATE INDEX audit_events_by_subject ON audit_events (subject_id, id);
  CREATE INDEX audit_events_by_patient ON audit_events (patient_nhs_number, id) WHERE patient_nhs_number IS NOT NULL;
  -- For "which review items belong to this patient's documents" (sqlite-audit-statements.ts).
  CREATE INDEX IF NOT EXISTS review_items_by_document ON review_items (document_id);

${Object.values(AUDIT_TRIGGERS).map((sql) => `${sql};`).join('\n  ')}

  -- Which key the chain is written with, so a process given another key stops before writing.
  CREATE TABLE audit_chain (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    key_id    TEXT NOT NULL
  ) STRICT`;

interface LegacyAuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject_id: string;
  before: string | null;
  after: string | null;
}

export function chainAuditEvents(db: Database.Database, context: { auditKey(): Buffer }): void {
  const key = context.auditKey();
  db.exec(CREATE_CHAINED_TABLE);
  const sequence = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").pluck().get() as number | undefined) ?? 0;
  const readBatch = db.prepare('SELECT * FROM audit_events WHERE id > ? ORDER BY id LIMIT ?');
  const insert = db.prepare(`
    INSERT INTO audit_events_chained (id, at, actor, action, subject_id, ip, details, before, after, patient_nhs_number, prev_hash, hash)
    VALUES (@id, @at, @actor, @action, @subjectId, @ip, @details, @before, @after, @patientNhsNumber, @prevHash, @hash)`);
  let prevHash = GENESIS_HASH;
  for (let after = 0; ; ) {
    const rows = readBatch.all(after, BATCH) as LegacyAuditRow[];
    if (rows.length === 0) break;
    for (const old of rows) {
      const row: ChainedEventRow = {
        id: old.id,
        at: old.at,
        actor: wellFormed(old.actor),
        action: wellFormed(old.action),
        subjectId: wellFormed(old.subject_id),
        ip: null,
        details: null,
        before: old.before,
        after: old.after,
        patientNhsNumber: filedTo(old),
        prevHash,
      };
      prevHash = chainHash(key, row);
      insert.run({ ...row, hash: prevHash });
    }
    after = rows[rows.length - 1].id;
  }
  db.exec(FINISH);
  // Keep the old high-water mark: if events had been cut from the end, verify still says so.
  db.prepare("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'audit_events'").run(sequence);
  if (sequence > 0) db.prepare("INSERT INTO sqlite_sequence (name, seq) SELECT 'audit_events', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'audit_events')").run(sequence);
  db.prepare('INSERT INTO audit_chain (singleton, key_id) VALUES (1, ?)').run(auditKeyId(key));
}

function filedTo(row: LegacyAuditRow): string | null {
  if (row.action !== 'document.filed' || row.after === null) return null;
  const after: unknown = JSON.parse(row.after);
  const nhsNumber = typeof after === 'object' && after !== null ? (after as { nhsNumber?: unknown }).nhsNumber : undefined;
  return typeof nhsNumber === 'string' && TEN_DIGITS.test(nhsNumber) ? nhsNumber : null;
}
