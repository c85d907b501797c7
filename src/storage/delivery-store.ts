import type { JsonValue, StoredError } from './storage.ts';

/**
 * Where each filed document stands with each record system it is routed to: one record per
 * (document, sink), updated by every delivery attempt. Its own store, apart from review items
 * and the audit log: a delivery is neither a person's decision nor an event in a trail.
 */

/**
 * pending: being tried; retrying: the last try failed and the queue will try again at
 * nextAttemptAt; delivered; failed: the last try failed and nothing will try again (refused
 * for good, or out of tries) until someone re-delivers.
 */
export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

export interface DeliveryRecord {
  documentId: string;
  sink: string;
  status: DeliveryStatus;
  attempts: number;
  receipt: JsonValue | null;
  error: StoredError | null;
  updatedAt: string;
  /** When retrying: when the queue tries again (ISO time); null otherwise. */
  nextAttemptAt: string | null;
}

export interface DeliveryOutcome {
  status: DeliveryStatus;
  receipt?: JsonValue | null;
  error?: StoredError | null;
  /** Only with status retrying. */
  nextAttemptAt?: Date | null;
}

export interface DeliveryStore {
  /** Creates or updates the (document, sink) delivery; attempts counts each try that ended (retrying, failed or delivered). */
  record(documentId: string, sink: string, outcome: DeliveryOutcome): Promise<DeliveryRecord>;
  /** The document's deliveries, by sink name. */
  listOf(documentId: string): Promise<DeliveryRecord[]>;
  /** listOf for many documents in one read (a list page), by document id; documents with none are absent. */
  listOfMany(documentIds: readonly string[]): Promise<Map<string, DeliveryRecord[]>>;
  close(): Promise<void>;
}
