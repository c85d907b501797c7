import type Database from 'better-sqlite3';
import { PATIENT_DATA_ACCESS_SUFFIXES } from '../audit/audit-actions.ts';
import type { StoredAuditEvent } from '../audit/audit-log.ts';

/** The audit log's SQL (schema: sqlite-audit-migration.ts), prepared once per connection. */

/** An audit_events row as SQLite returns it. */
export interface AuditEventRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject_id: string;
  ip: string | null;
  details: string | null;
  before: string | null;
  after: string | null;
  patient_nhs_number: string | null;
  prev_hash: string;
  hash: string;
}

const ACCESS_ACTION = PATIENT_DATA_ACCESS_SUFFIXES.map((suffix) => `e.action GLOB '*${suffix}'`).join(' OR ');

export type AuditStatements = ReturnType<typeof prepareAuditStatements>;

export function prepareAuditStatements(db: Database.Database) {
  return {
    keyId: db.prepare('SELECT key_id FROM audit_chain WHERE singleton = 1').pluck(),
    eventsOfSubject: db.prepare('SELECT * FROM audit_events WHERE subject_id = ? ORDER BY id'),
    // Newest first, so the first row per subject is its latest event with the action.
    eventsOfSubjectsWithAction: db.prepare(
      'SELECT * FROM audit_events WHERE subject_id IN (SELECT value FROM json_each(@subjects)) AND action = @action ORDER BY id DESC',
    ),
    head: db.prepare('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1'),
    /** The highest id ever handed out, even if that event is gone: new ids never reuse a deleted one. */
    sequence: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").pluck(),
    insert: db.prepare(`
      INSERT INTO audit_events (id, at, actor, action, subject_id, ip, details, before, after, patient_nhs_number, prev_hash, hash)
      VALUES (@id, @at, @actor, @action, @subjectId, @ip, @details, @before, @after, @patientNhsNumber, @prevHash, @hash)`),
    triggers: db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'"),
    // Keyset pages for verify, bounded by the head when it began.
    pageUpTo: db.prepare('SELECT * FROM audit_events WHERE id > @after AND id <= @last ORDER BY id LIMIT @limit'),
    // Keyset pages for export, bounded by the head when the export began.
    pageInRange: db.prepare(`
      SELECT * FROM audit_events
      WHERE id > @after AND id <= @last AND at >= @from AND at < @to
      ORDER BY id LIMIT @limit`),
    /**
     * Views of a patient's data: events naming the patient, events about anything that is the
     * patient's, and lists that showed any of it. A subject is the patient's when some event about it names them (a
     * document filed to them, an approved review item); a document is theirs when it or one
     * of its review items is; and every review item of their documents is theirs.
     */
    accessesOfPatient: db.prepare(`
      WITH direct(subject_id) AS (
        SELECT DISTINCT subject_id FROM audit_events WHERE patient_nhs_number = @nhs
      ),
      documents(id) AS (
        SELECT subject_id FROM direct
        UNION SELECT r.document_id FROM review_items r JOIN direct d ON r.id = d.subject_id
      ),
      subjects(subject_id) AS (
        SELECT id FROM documents
        UNION SELECT r.id FROM review_items r JOIN documents d ON r.document_id = d.id
      )
      SELECT e.id, e.at, e.actor, e.action, e.subject_id, e.ip FROM audit_events e
      WHERE (e.patient_nhs_number = @nhs OR e.subject_id IN (SELECT subject_id FROM subjects)
             -- a list that showed one of them (details.shown: the ids a list answer carried)
             OR EXISTS (SELECT 1 FROM json_each(e.details, '$.shown') shown WHERE shown.value IN (SELECT subject_id FROM subjects)))
        AND (${ACCESS_ACTION})
      ORDER BY e.id`),
  };
}

/** A row as the log's readers see it: times as ISO strings, JSON parsed. */
export function storedEvent(row: AuditEventRow): StoredAuditEvent {
  const json = (text: string | null) => (text === null ? null : JSON.parse(text));
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    subjectId: row.subject_id,
    ip: row.ip,
    details: json(row.details),
    before: json(row.before),
    after: json(row.after),
    patientNhsNumber: row.patient_nhs_number,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
