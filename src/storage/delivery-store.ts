import type { JsonValue, StoredError } from './storage.ts';

/**
 * Where each filed document stands with each record system it is routed to: one record per
 * (document, sink), updated by every delivery attempt. Its own store, apart from review items
 * and the audit log: a delivery is neither a person's decision nor an event in a trail.
 */

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRecord {
  documentId: string;
  sink: string;
  status: DeliveryStatus;
  attempts: number;
  receipt: JsonValue | null;
  error: StoredError | null;
  updatedAt: string;
}

export interface DeliveryOutcome {
  status: DeliveryStatus;
  receipt?: JsonValue | null;
  error?: StoredError | null;
}

export interface DeliveryStore {
  /** Creates or updates the (document, sink) delivery; attempts counts each move from pending to failed or delivered. */
  record(documentId: string, sink: string, outcome: DeliveryOutcome): Promise<DeliveryRecord>;
  /** The document's deliveries, by sink name. */
  listOf(documentId: string): Promise<DeliveryRecord[]>;
  close(): Promise<void>;
}
