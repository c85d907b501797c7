import type Database from 'better-sqlite3';
import type { DeliveryOutcome, DeliveryRecord, DeliveryStatus, DeliveryStore } from './delivery-store.ts';
import { guard } from './sqlite-guard.ts';
import { openDatabase } from './sqlite-schema.ts';

interface DeliveryRow {
  document_id: string;
  sink: string;
  status: DeliveryStatus;
  attempts: number;
  receipt: string | null;
  error: string | null;
  updated_at: number;
  next_attempt_at: number | null;
}

/** The DeliveryStore on the SQLite file the documents are in, on its own connection. */
export class SqliteDeliveryStore implements DeliveryStore {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;
  private readonly ofDocument: Database.Statement;
  private readonly ofDocuments: Database.Statement;

  constructor(file: string, options: { busyTimeoutMs: number; auditKeyFile?: string }) {
    this.db = guard(() => openDatabase(file, options.busyTimeoutMs, { auditKeyFile: options.auditKeyFile }));
    this.upsert = this.db.prepare(`
      INSERT INTO deliveries (document_id, sink, status, attempts, receipt, error, updated_at, next_attempt_at)
      VALUES (@document_id, @sink, @status, @ended, @receipt, @error, @now, @next_attempt_at)
      ON CONFLICT (document_id, sink) DO UPDATE SET
        status = excluded.status, attempts = attempts + @ended,
        receipt = COALESCE(excluded.receipt, receipt), error = excluded.error, updated_at = excluded.updated_at,
        next_attempt_at = excluded.next_attempt_at`);
    this.ofDocument = this.db.prepare('SELECT * FROM deliveries WHERE document_id = ? ORDER BY sink');
    this.ofDocuments = this.db.prepare('SELECT * FROM deliveries WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, sink');
  }

  async record(documentId: string, sink: string, outcome: DeliveryOutcome): Promise<DeliveryRecord> {
    const record = this.db.transaction(() => {
      // Attempts count tries that ended (delivered, retrying or failed), not the move to pending.
      const ended = outcome.status === 'pending' ? 0 : 1;
      this.upsert.run({
        document_id: documentId,
        sink,
        status: outcome.status,
        ended,
        receipt: outcome.receipt == null ? null : JSON.stringify(outcome.receipt),
        error: outcome.error == null ? null : JSON.stringify(outcome.error),
        now: Date.now(),
        // Only a retrying delivery has a next try; any other status clears it.
        next_attempt_at: outcome.status === 'retrying' && outcome.nextAttemptAt ? outcome.nextAttemptAt.getTime() : null,
      });
      return this.deliveries(documentId).find((delivery) => delivery.sink === sink)!;
    });
    return guard(() => record.immediate());
  }

  async listOf(documentId: string): Promise<DeliveryRecord[]> {
    return guard(() => this.deliveries(documentId));
  }

  async listOfMany(documentIds: readonly string[]): Promise<Map<string, DeliveryRecord[]>> {
    const byDocument = new Map<string, DeliveryRecord[]>();
    if (documentIds.length === 0) return byDocument;
    const rows = guard(() => this.ofDocuments.all(JSON.stringify(documentIds)) as DeliveryRow[]);
    for (const delivery of rows.map(recordOf)) byDocument.set(delivery.documentId, [...(byDocument.get(delivery.documentId) ?? []), delivery]);
    return byDocument;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private deliveries(documentId: string): DeliveryRecord[] {
    return (this.ofDocument.all(documentId) as DeliveryRow[]).map(recordOf);
  }
}

function recordOf(row: DeliveryRow): DeliveryRecord {
  return {
    documentId: row.document_id,
    sink: row.sink,
    status: row.status,
    attempts: row.attempts,
    receipt: row.receipt === null ? null : JSON.parse(row.receipt),
    error: row.error === null ? null : JSON.parse(row.error),
    updatedAt: new Date(row.updated_at).toISOString(),
    nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
  };
}
