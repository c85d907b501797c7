import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { defaultAuditKeyFile } from '../audit/audit-key.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AuthStore } from './auth-store.ts';
import type { DeliveryStore } from './delivery-store.ts';
import { FileBlobStore } from './file-blob-store.ts';
import { SqliteAuthStore } from './sqlite-auth-store.ts';
import { SqliteDeliveryStore } from './sqlite-delivery-store.ts';
import { DEFAULT_BUSY_TIMEOUT_MS, SqliteMetadataStore } from './sqlite-metadata-store.ts';
import type { ReviewStore } from '../review/review-store.ts';
import { SqliteReviewStore } from '../review/sqlite-review-store.ts';
import type { Storage } from './storage.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { SqliteSearchIndex } from '../search/sqlite-search-index.ts';

/** Where the embedded storage lives unless configured otherwise. */
export const DEFAULT_DATA_DIR = './data';

export interface EmbeddedStorageOptions {
  /** Holds `blobs/` (content-addressed files) and `recto.sqlite` (documents and pages). */
  dataDir: string;
  busyTimeoutMs?: number;
  /**
   * The audit chain's key (created on first start); default `audit.key` in dataDir. Keep it
   * elsewhere (another volume, a secrets mount) so that whoever can write the data folder
   * still cannot rewrite the audit log undetectably; back it up: without it the log cannot
   * be verified or extended.
   */
  auditKeyFile?: string;
}

/**
 * The storage a single machine needs: files in a folder and metadata in SQLite, both safe to
 * open from several processes at once (the API and each worker open their own).
 */
export interface EmbeddedStorage extends Storage {
  /** A folder of files: it also sweeps the temporary files crashed uploads leave. */
  blobs: FileBlobStore;
  /** Review items, in the same SQLite file as the documents. */
  review: ReviewStore;
  /** Where each filed document stands with each record system, in the same file. */
  deliveries: DeliveryStore;
  /** Users, sessions and API tokens, in the same file. */
  auth: AuthStore;
  /** The hash-chained audit log every event (review changes, filing, views, sign-ins) goes to. */
  audit: AuditLog;
  /**
   * The full-text index of captured documents, in its own file (`search.sqlite`): it is
   * derived from the stored sidecars, so it is written without an fsync per commit, and its
   * writes (a long document's words) never hold the lock the audit log and documents share.
   */
  search: SearchIndex;
}

export function openEmbeddedStorage(options: EmbeddedStorageOptions): EmbeddedStorage {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const blobs = new FileBlobStore(path.join(dataDir, 'blobs'));
  const auditKeyFile = path.resolve(options.auditKeyFile ?? defaultAuditKeyFile(dataDir));
  const metadata = new SqliteMetadataStore(path.join(dataDir, 'recto.sqlite'), {
    busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    auditKeyFile,
  });
  let review: SqliteReviewStore;
  try {
    // A wrong or missing audit key stops here (AUDIT_KEY_INVALID), before anything is written.
    review = new SqliteReviewStore(path.join(dataDir, 'recto.sqlite'), {
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      auditKeyFile,
    });
  } catch (error) {
    void metadata.close();
    throw error;
  }
  const auth = new SqliteAuthStore(path.join(dataDir, 'recto.sqlite'), {
    busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    auditKeyFile,
  });
  const deliveries = new SqliteDeliveryStore(path.join(dataDir, 'recto.sqlite'), {
    busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    auditKeyFile,
  });
  const search = SqliteSearchIndex.open(path.join(dataDir, 'search.sqlite'), { busyTimeoutMs: options.busyTimeoutMs });
  return {
    blobs,
    metadata,
    review,
    deliveries,
    auth,
    audit: review.audit,
    search,
    close: async () => {
      await search.close();
      await auth.close();
      await deliveries.close();
      await review.close();
      await metadata.close();
    },
  };
}
