import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AuthStore } from './auth-store.ts';
import { FileBlobStore } from './file-blob-store.ts';
import { SqliteAuthStore } from './sqlite-auth-store.ts';
import { DEFAULT_BUSY_TIMEOUT_MS, SqliteMetadataStore } from './sqlite-metadata-store.ts';
import type { ReviewStore } from './review-store.ts';
import { SqliteReviewStore } from './sqlite-review-store.ts';
import type { Storage } from './storage.ts';

/** Where the embedded storage lives unless configured otherwise. */
export const DEFAULT_DATA_DIR = './data';

export interface EmbeddedStorageOptions {
  /** Holds `blobs/` (content-addressed files) and `recto.sqlite` (documents and pages). */
  dataDir: string;
  busyTimeoutMs?: number;
}

/**
 * The storage a single machine needs: files in a folder and metadata in SQLite, both safe to
 * open from several processes at once (the API and each worker open their own).
 */
export interface EmbeddedStorage extends Storage {
  /** A folder of files: it also sweeps the temporary files crashed uploads leave. */
  blobs: FileBlobStore;
  /** Review items, the audit trail and deliveries, in the same SQLite file as the documents. */
  review: ReviewStore;
  /** Users, sessions and API tokens, in the same file. */
  auth: AuthStore;
}

export function openEmbeddedStorage(options: EmbeddedStorageOptions): EmbeddedStorage {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const blobs = new FileBlobStore(path.join(dataDir, 'blobs'));
  const metadata = new SqliteMetadataStore(path.join(dataDir, 'recto.sqlite'), {
    busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
  });
  const review = new SqliteReviewStore(path.join(dataDir, 'recto.sqlite'), {
    busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
  });
  const auth = new SqliteAuthStore(path.join(dataDir, 'recto.sqlite'), {
    busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
  });
  return {
    blobs,
    metadata,
    review,
    auth,
    close: async () => {
      await auth.close();
      await review.close();
      await metadata.close();
    },
  };
}
