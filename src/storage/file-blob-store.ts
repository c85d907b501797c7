import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { RectoError } from '../core/errors.ts';
import { blobKeyForSha256, parseBlobKey } from './blob-key.ts';
import { fsyncNewFolders } from '../core/durable-write.ts';
import type { BlobStore, StoredBlob } from './storage.ts';

/** Temporary files live in the same tree as the blobs, so the final rename never crosses filesystems. */
const TEMP_FOLDER = 'tmp';

/**
 * A BlobStore over a folder. Every write goes to `tmp/` first, is hashed on the way, fsynced,
 * then renamed to its content-addressed key: a reader (or a crash) never sees half a file
 * under a key, and several processes storing the same bytes at once all end with one file.
 */
export class FileBlobStore implements BlobStore {
  readonly root: string;
  private readonly tempFolder: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tempFolder = path.join(this.root, TEMP_FOLDER);
    mkdirSync(this.tempFolder, { recursive: true });
  }

  async putStream(stream: Readable, options: { maxBytes: number }): Promise<StoredBlob> {
    const { maxBytes } = options;
    // NaN would compare false with every size and so silently disable the limit.
    if (!(maxBytes >= 0)) throw new RectoError('INVALID_OPTIONS', `maxBytes must be a number ≥ 0, not ${maxBytes}`);
    const temporary = path.join(this.tempFolder, `${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const handle = await storageStep(() => open(temporary, 'wx'));
    let closed = false;
    const closeOnce = async () => {
      if (!closed) await handle.close();
      closed = true;
    };
    try {
      // for await, not pipeline: breaking out (over the limit) destroys the source, and an
      // error thrown by the source itself is the upload breaking off, not the disk failing.
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        sizeBytes += bytes.length;
        if (sizeBytes > maxBytes) throw new RectoError('UPLOAD_TOO_LARGE', `the upload is over the limit of ${maxBytes} bytes`);
        hash.update(bytes);
        await writeFully(handle, bytes);
      }
      const sha256 = hash.digest('hex');
      const key = blobKeyForSha256(sha256);
      const target = this.pathFor(key);
      if (await storageStep(() => isFile(target))) {
        // Already stored, and durable: it got there by the same sync-then-rename path.
        await closeOnce();
        await rm(temporary, { force: true });
        return { key, sha256, sizeBytes };
      }
      await storageStep(async () => {
        await handle.sync();
        await closeOnce();
        const folder = path.dirname(target);
        const firstCreated = await mkdir(folder, { recursive: true });
        await rename(temporary, target);
        await fsyncNewFolders(folder, firstCreated);
      });
      return { key, sha256, sizeBytes };
    } catch (error) {
      // Best effort: the temporary file is removed next whatever its handle did, and the first error is the one to report.
      await closeOnce().catch(() => undefined);
      await rm(temporary, { force: true });
      stream.destroy();
      throw error instanceof RectoError
        ? error
        : new RectoError('UPLOAD_INTERRUPTED', `the upload broke off: ${messageOf(error)}`, { cause: error });
    }
  }

  putBuffer(bytes: Uint8Array): Promise<StoredBlob> {
    return this.putStream(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
      maxBytes: bytes.byteLength,
    });
  }

  async get(key: string): Promise<Buffer> {
    const file = this.pathFor(key);
    try {
      return await readFile(file);
    } catch (error) {
      throw readFailure(error, key);
    }
  }

  async readHead(key: string, bytes: number): Promise<Buffer> {
    const file = this.pathFor(key);
    let handle: FileHandle | undefined;
    try {
      handle = await open(file, 'r');
      const head = Buffer.alloc(bytes);
      let filled = 0;
      // read may return fewer bytes than asked before the end of the file; 0 means the end.
      while (filled < bytes) {
        const { bytesRead } = await handle.read(head, filled, bytes - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return head.subarray(0, filled);
    } catch (error) {
      throw readFailure(error, key);
    } finally {
      await handle?.close();
    }
  }

  openRead(key: string): Readable {
    const file = this.pathFor(key);
    // A generator, so a missing file surfaces as a typed BLOB_NOT_FOUND stream error, and
    // destroying the returned stream closes the file.
    async function* chunks(): AsyncGenerator<Buffer> {
      try {
        yield* createReadStream(file);
      } catch (error) {
        throw readFailure(error, key);
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async has(key: string): Promise<boolean> {
    return isFile(this.pathFor(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathFor(key), { force: true });
  }

  /**
   * Removes temporary files a crashed process left behind. Only files older than `olderThanMs`
   * go, so uploads still streaming in other processes are left alone.
   */
  async sweepTempFiles(olderThanMs: number): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tempFolder)) {
      const file = path.join(this.tempFolder, name);
      const info = await stat(file).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > olderThanMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private pathFor(key: string): string {
    parseBlobKey(key);
    return path.join(this.root, ...key.split('/'));
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Runs a step that touches the disk; its failures are the store's, never the upload's. */
async function storageStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new RectoError('STORAGE_UNAVAILABLE', `could not store the upload: ${messageOf(error)}`, { cause: error });
  }
}

/** FileHandle.write may write less than it was given; loop until the chunk is all down. */
async function writeFully(handle: FileHandle, bytes: Buffer): Promise<void> {
  await storageStep(async () => {
    for (let offset = 0; offset < bytes.length; ) offset += (await handle.write(bytes, offset)).bytesWritten;
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readFailure(error: unknown, key: string): RectoError {
  if (error instanceof RectoError) return error;
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new RectoError('BLOB_NOT_FOUND', `no blob stored under ${key}`, { cause: error });
  }
  return new RectoError('STORAGE_UNAVAILABLE', `could not read ${key}: ${messageOf(error)}`, { cause: error });
}
