import type { Writable } from 'node:stream';
import type { JsonValue } from '../storage/storage.ts';

/**
 * The audit log: one append-only record of who did or saw what, when and from where, as
 * BS 10008 and NHS information governance expect. Each event is chained to the one before by
 * an HMAC over both (see audit-chain.ts), so an edit, a deletion or a replaced event anywhere
 * in the log is found by `verify()` (`recto audit verify`).
 *
 * Events about patient data carry the patient's NHS number when the writer knows it; a
 * document or review item becomes the patient's once any event about it names the patient
 * (filing records the NHS number a document was filed to), so "who viewed this patient's
 * documents" also finds views recorded before the document was filed.
 */
export interface NewAuditEvent {
  /** A user id, `recto` for what the system did by itself, `cli:<os user>` for the command line. */
  actor: string;
  /** e.g. review.claimed, document.filed, document.viewed (see audit-actions.ts). */
  action: string;
  /** The document, review item, user or token the event is about. */
  subjectId: string;
  /** Where the request came from (the client address as the API sees it); null for the system. */
  ip?: string | null;
  /** What was asked or done, beyond before/after: a page number, a sink, a reason. */
  details?: JsonValue | null;
  before?: JsonValue | null;
  after?: JsonValue | null;
  /** The patient whose data this is, when known: 10 digits (spaces and dashes are removed). */
  patientNhsNumber?: string | null;
}

/** An event as readers see it (a review item's or document's trail). */
export interface AuditEvent {
  id: number;
  at: string;
  /** A user id, or `recto` for what the system did by itself. */
  actor: string;
  /** e.g. review.opened, review.claimed, review.corrected, review.approved, document.filed */
  action: string;
  /** The review item or document the event is about. */
  subjectId: string;
  /** Where the request came from (null for what Recto did by itself). */
  ip: string | null;
  /** What was asked (route, status, parameters for an access event). */
  details: JsonValue | null;
  before: JsonValue | null;
  after: JsonValue | null;
}

/** An event as the log holds it, for export: an AuditEvent with its patient and chain links. */
export interface StoredAuditEvent extends AuditEvent {
  patientNhsNumber: string | null;
  prevHash: string;
  hash: string;
}

/** What happened to the chain; `unprotected`: a trigger that keeps the log append-only was dropped or changed. */
export type ChainBreakKind = 'edited' | 'deleted' | 'replaced' | 'inserted' | 'unprotected';

export interface ChainBreak {
  /** The event that was edited, replaced or inserted; for deletions, the first missing id; 0 for `unprotected`. */
  id: number;
  kind: ChainBreakKind;
  /** One sentence for a person, e.g. "audit event 42 was edited after it was written (hash mismatch)". */
  problem: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Events in the log now. */
  events: number;
  /** The last event and its hash: write them down elsewhere to detect, later, the end of the log being cut off. */
  head: { id: number; hash: string } | null;
  firstBroken?: ChainBreak;
  breaks: ChainBreak[];
}

/** One view or download of a patient's data: who, when, from where, what. */
export type PatientDataAccess = Pick<AuditEvent, 'id' | 'at' | 'actor' | 'action' | 'subjectId' | 'ip'>;

export interface AuditRange {
  /** Events at or after this time. */
  from?: Date;
  /** Events before this time. */
  to?: Date;
}

export interface AuditLog {
  /** Appends one event at the end of the chain; safe from several processes at once. */
  append(event: NewAuditEvent): Promise<void>;
  /**
   * Walks the whole chain and names every break (about 10–25 µs an event here), a batch at a
   * time so a process serving requests keeps serving them.
   */
  verify(): Promise<ChainVerification>;
  /** Writes the events (oldest first) as CSV, every cell safe to open in a spreadsheet. */
  exportCsv(out: Writable, range?: AuditRange): Promise<{ rows: number }>;
  /** Every view or download of the patient's documents and review items, oldest first. */
  viewersOfPatient(nhsNumber: string): Promise<PatientDataAccess[]>;
  /** Every event about one subject (a document, a review item, a user), oldest first. */
  trailOf(subjectId: string): Promise<AuditEvent[]>;
  /** The newest event with this action about each of many subjects, in one read (a list page): by subject id. */
  latestOf(subjectIds: readonly string[], action: string): Promise<Map<string, StoredAuditEvent>>;
}
