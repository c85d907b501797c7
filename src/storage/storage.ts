import type { Readable } from 'node:stream';
import type { RectoError } from '../core/errors.ts';
import type { InputFormat } from '../core/types.ts';

/**
 * The storage the capture service runs on, as interfaces: the embedded default is a folder of
 * files plus SQLite; at scale the same interfaces sit over S3 and PostgreSQL. Queue jobs carry
 * only document ids and blob keys, never bytes, so every stage reads and writes through here.
 */

export type DocumentStatus = 'queued' | 'processing' | 'done' | 'failed';
/**
 * Where filing (extract, match, then file or send to review) stands for a captured document:
 * `pending` queued or running (retries included), `filed` filed by Recto and its deliveries
 * queued, `review` handed to a person (the review item holds what they decide), `failed` the
 * file job will not be tried again (the error says why; re-file by API).
 */
export type FilingStatus = 'pending' | 'filed' | 'review' | 'failed';
export type PageStatus = 'split' | 'cleaned' | 'ocr_done' | 'failed';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What a RectoError looks like once stored: the output of `RectoError.toJSON()`. */
export type StoredError = ReturnType<RectoError['toJSON']>;

// ─── Blobs ────────────────────────────────────────────────────────────────────────────────

export interface StoredBlob {
  /** Derived from the content's SHA-256, so the same bytes always get the same key. */
  key: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * Content-addressed files. A put returns only once the bytes are durable (the API answers 202
 * after it), and a key is visible only with its whole file behind it. Storing bytes that are
 * already stored is a no-op that returns the same key.
 */
export interface BlobStore {
  /** Throws UPLOAD_TOO_LARGE past maxBytes, UPLOAD_INTERRUPTED if the stream fails; nothing is kept either way. */
  putStream(stream: Readable, options: { maxBytes: number }): Promise<StoredBlob>;
  putBuffer(bytes: Uint8Array): Promise<StoredBlob>;
  /** Throws BLOB_NOT_FOUND for a well-formed key with nothing behind it. */
  get(key: string): Promise<Buffer>;
  /** The first `bytes` bytes (fewer if the blob is shorter), without reading the rest. Throws as `get`. */
  readHead(key: string, bytes: number): Promise<Buffer>;
  /** Throws INVALID_STORAGE_KEY at once; a missing blob surfaces as a BLOB_NOT_FOUND stream error. */
  openRead(key: string): Readable;
  has(key: string): Promise<boolean>;
  /** Idempotent: deleting a missing blob is not an error. Callers must know no document still uses it. */
  delete(key: string): Promise<void>;
}

// ─── Documents and pages ─────────────────────────────────────────────────────────────────

/** Optional fields sent with an upload; free-form beyond the ones named. */
export interface UploadMetadata {
  patientHint?: string;
  source?: string;
  uploadedBy?: string;
  [field: string]: JsonValue | undefined;
}

export interface DocumentOutputs {
  pdfKey: string | null;
  textKey: string | null;
  sidecarKey: string | null;
}

/** A document's filing, once filing was queued for it (only when a trust configuration is active). */
export interface FilingState {
  status: FilingStatus;
  /** Set only when `failed`: the typed error the last try ended with. */
  error: StoredError | null;
  /** How many times filing has been queued: 1 after capture, one more for each re-file. */
  attempts: number;
  /** ISO 8601: when the filing status last changed. */
  updatedAt: string;
}

export interface DocumentRecord {
  /** `doc_` + a 26-character ULID: sorts by creation time, so newest-first is id order. */
  id: string;
  sha256: string;
  originalKey: string;
  fileName: string;
  sizeBytes: number;
  format: InputFormat;
  status: DocumentStatus;
  /** Null until the document has been split into pages. */
  pageCount: number | null;
  error: StoredError | null;
  metadata: UploadMetadata;
  outputs: DocumentOutputs;
  /** How many times processing has started (each move into `processing` counts one). */
  attempts: number;
  /** Null until filing is queued: no trust configuration, not yet captured, or captured before filing state was kept. */
  filing: FilingState | null;
  /** Stage times of the document as a whole (its pages have their own); the sidecar reports them. */
  timingsMs: DocumentTimings;
  /** ISO 8601, millisecond precision. */
  createdAt: string;
  updatedAt: string;
}

export interface NewDocument {
  sha256: string;
  originalKey: string;
  fileName: string;
  sizeBytes: number;
  format: InputFormat;
  metadata?: UploadMetadata;
}

/** Fields left out are left as they are; `outputs` is merged key by key. */
export interface DocumentPatch {
  status?: DocumentStatus;
  pageCount?: number | null;
  error?: StoredError | null;
  outputs?: Partial<DocumentOutputs>;
  /** Merged key by key, like a page's. */
  timingsMs?: DocumentTimings;
  /** Apply only if the document is in this status now (checked under the write lock); else INVALID_STATUS_TRANSITION. */
  ifStatus?: DocumentStatus;
}

export interface FilingPatch {
  status: FilingStatus;
  /** Kept with `failed` only; any other status clears it. */
  error?: StoredError | null;
  /**
   * Apply only if the filing is in this status now (null: filing never queued), checked under
   * the write lock; else INVALID_STATUS_TRANSITION. How a re-file claims a failed filing once.
   */
  ifStatus?: FilingStatus | null;
}

export interface DocumentTimings {
  /** Opening the original and counting its pages (the split stage; pages are decoded by the clean stage). */
  splitMs?: number;
}

export interface PageTimings {
  splitMs?: number;
  cleanMs?: number;
  ocrMs?: number;
  /** The part of ocrMs spent re-reading regions the page's read missed. */
  rereadMs?: number;
}

export interface PageRecord {
  documentId: string;
  /** Zero-based, as in the source file. */
  index: number;
  status: PageStatus;
  imageKey: string | null;
  cleanedKey: string | null;
  /** The OCR result (words, lines, confidence) stored as a JSON blob. */
  ocrKey: string | null;
  error: StoredError | null;
  timingsMs: PageTimings;
  updatedAt: string;
}

/** Fields left out are left as they are; `timingsMs` is merged key by key. A new page starts as `split`. */
export interface PagePatch {
  status?: PageStatus;
  imageKey?: string | null;
  cleanedKey?: string | null;
  ocrKey?: string | null;
  error?: StoredError | null;
  timingsMs?: PageTimings;
}

export interface ListDocumentsQuery {
  /** Clamped to 1–500. */
  limit: number;
  /** The nextCursor of the previous page; absent for the first page. */
  cursor?: string;
  status?: DocumentStatus;
  /** Only documents whose filing is in this status (e.g. `failed`, to find what to re-file). */
  filing?: FilingStatus;
}

/** A document that has made no progress for a while: still queued or processing, nothing it has changed. */
export interface StaleDocument {
  id: string;
  status: Extract<DocumentStatus, 'queued' | 'processing'>;
  attempts: number;
  /** ISO 8601: when the document or one of its pages last changed. */
  lastProgressAt: string;
  createdAt: string;
}

export interface DocumentList {
  /** Newest first. */
  documents: DocumentRecord[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/**
 * Documents and their pages. Every operation is safe when several processes share the store:
 * the worker pool and the API write the same database at once.
 */
export interface MetadataStore {
  /** Atomic on sha256: the same file uploaded twice, even at the same moment, makes one document. */
  createDocumentIfAbsent(input: NewDocument): Promise<{ document: DocumentRecord; created: boolean }>;
  getDocument(id: string): Promise<DocumentRecord | null>;
  findBySha256(sha256: string): Promise<DocumentRecord | null>;
  /** Keyset pagination: pages stay correct while documents are being added. */
  listDocuments(query: ListDocumentsQuery): Promise<DocumentList>;
  /** Throws DOCUMENT_NOT_FOUND, or INVALID_STATUS_TRANSITION (e.g. a stale job moving `done` back). */
  updateDocument(id: string, patch: DocumentPatch): Promise<DocumentRecord>;
  /**
   * Sets the document's filing status; moving into `pending` counts a filing attempt. Leaves
   * the document's own status and updatedAt alone. Throws DOCUMENT_NOT_FOUND, or
   * INVALID_STATUS_TRANSITION when `ifStatus` is not the filing status now.
   */
  updateFiling(id: string, patch: FilingPatch): Promise<DocumentRecord>;
  /** Throws DOCUMENT_NOT_FOUND when the document does not exist. */
  upsertPage(documentId: string, index: number, patch: PagePatch): Promise<PageRecord>;
  /** In page order. */
  listPages(documentId: string): Promise<PageRecord[]>;
  /** Every status is present, zero when no document has it. */
  countByStatus(): Promise<Record<DocumentStatus, number>>;
  /**
   * Documents queued or processing with no change to them or their pages since `before`,
   * longest-stuck first, at most `limit` (the total is `count`).
   */
  listStaleDocuments(before: Date, limit: number): Promise<{ documents: StaleDocument[]; count: Record<StaleDocument['status'], number> }>;
  /**
   * Remembers that the document's search index entry is out of date (indexing it failed where
   * no job will try again), so a repair can index it later. Marking again moves the time on.
   * Throws DOCUMENT_NOT_FOUND.
   */
  markSearchStale(documentId: string): Promise<SearchStaleMark>;
  /** The documents marked out of date in the search index, longest-owed first, at most `limit` (all when omitted). */
  listSearchStale(limit?: number): Promise<SearchStaleMark[]>;
  /** Forgets a mark once the document is indexed again; a mark made after `mark` was read stays. */
  clearSearchStale(mark: SearchStaleMark): Promise<void>;
}

/** A document whose search index entry is owed, since when (ISO 8601, millisecond precision). */
export interface SearchStaleMark {
  documentId: string;
  since: string;
}

export interface Storage {
  blobs: BlobStore;
  metadata: MetadataStore;
  close(): Promise<void>;
}
