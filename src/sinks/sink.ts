import type { DocumentTypeResult } from '../extract/extracted-fields.ts';

/**
 * A record system a filed document is delivered to (FHIR server, HL7 v2 interface engine,
 * file drop). Only documents whose patient was matched (automatically or by a reviewer) reach
 * a sink. Delivering the same document twice must create nothing twice: every sink derives a
 * stable identifier from `documentId` and lets the peer (or the file system) refuse repeats.
 */

export interface DeliverablePatient {
  nhsNumber: string;
  given: string[];
  family: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  mrn?: string;
  gpPracticeOds?: string;
}

export interface DeliverableDocument {
  /** Recto's document id (`doc_…`): the idempotency key every sink builds on. */
  documentId: string;
  /** SHA-256 of the original scan, hex. */
  sha256: string;
  /** The searchable PDF/A. */
  pdf: Buffer;
  pageCount: number;
  /** The uploaded file's name, e.g. "ward7-0012.tif". */
  fileName: string;
  title: string;
  documentType: DocumentTypeResult;
  patient: DeliverablePatient;
  /** YYYY-MM-DD, when the document says; otherwise absent. */
  documentDate?: string;
  author?: string;
  department?: string;
  /** The trust holding the record (ODS code), e.g. "RX1". */
  custodianOds: string;
  /** ISO 8601 instant the scan was received. */
  scannedAt: string;
  /** Who scanned or approved it (user id), for audit fields such as the national USER-ID column. */
  userId?: string;
}

export interface DeliveryReceipt {
  sink: string;
  /** What the peer calls it (FHIR DocumentReference id, HL7 message control id, file path). */
  remoteId: string;
  /** True when the peer already had it (conditional create matched, file already there). */
  alreadyDelivered: boolean;
  detail?: string;
}

export interface DocumentSink {
  readonly name: string;
  /**
   * Throws SINK_UNAVAILABLE (retryable: peer down, timeout, 5xx, HL7 AE) or SINK_REJECTED
   * (permanent: 4xx other than conflicts, HL7 AR, invalid document) — the caller retries the
   * first with backoff and records the second.
   */
  deliver(document: DeliverableDocument): Promise<DeliveryReceipt>;
  close?(): Promise<void>;
}
