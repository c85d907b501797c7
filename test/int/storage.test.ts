import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RectoError, type RectoErrorCode } from '../../src/core/errors.ts';
import { FileBlobStore } from '../../src/storage/file-blob-store.ts';
import { openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import { MIGRATIONS } from '../../src/storage/sqlite-schema.ts';
import type { NewDocument } from '../../src/storage/storage.ts';

/** The embedded storage on a real folder and a real SQLite file, shared by real processes. */

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
let scratch = 0;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recto-storage-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh folder per test, so "nothing left on disk" means exactly that. */
function freshFolder(name: string): string {
  return path.join(dir, `${name}-${++scratch}`);
}

/** Every file (not folder) below `root`, as `/`-separated paths relative to it. */
function filesUnder(root: string, folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(root, full) : [path.relative(root, full).split(path.sep).join('/')];
  });
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function expectRectoError(work: Promise<unknown> | (() => unknown), code: RectoErrorCode): Promise<RectoError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    expect(error).toBeInstanceOf(RectoError);
    expect((error as RectoError).code).toBe(code);
    return error as RectoError;
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}

/** A stream that sends `chunks` and then fails, like a client whose connection drops. */
function streamThatBreaksAfter(chunks: Buffer[]): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent < chunks.length) this.push(chunks[sent++]);
      else setImmediate(() => this.destroy(new Error('connection reset by peer')));
    },
  });
}

function newDocument(sha256: string, fileName = 'referral.pdf'): NewDocument {
  return { sha256, originalKey: `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`, fileName, sizeBytes: 1234, format: 'pdf' };
}

const fakeSha = (n: number) => sha256Of(Buffer.from(`document ${n}`));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('FileBlobStore', () => {
  it('stores by content: the same bytes twice give the same key and one file, keyed by their SHA-256', async () => {
    const root = freshFolder('blobs');
    const blobs = new FileBlobStore(root);
    const bytes = randomBytes(300_000);
    const first = await blobs.putBuffer(bytes);
    expect(first.sha256).toBe(sha256Of(bytes));
    expect(first.key).toBe(`sha256/${first.sha256.slice(0, 2)}/${first.sha256.slice(2, 4)}/${first.sha256}`);
    expect(first.sizeBytes).toBe(bytes.length);

    const chunks = [bytes.subarray(0, 1000), bytes.subarray(1000, 200_000), bytes.subarray(200_000)];
    const again = await blobs.putStream(Readable.from(chunks), { maxBytes: bytes.length });
    expect(again).toEqual(first);
    expect(filesUnder(root)).toEqual([first.key]);

    expect(Buffer.compare(await blobs.get(first.key), bytes)).toBe(0);
    const streamed: Buffer[] = [];
    for await (const chunk of blobs.openRead(first.key)) streamed.push(chunk as Buffer);
    expect(Buffer.compare(Buffer.concat(streamed), bytes)).toBe(0);
    expect(await blobs.has(first.key)).toBe(true);

    const other = await blobs.putBuffer(Buffer.from('a different page'));
    expect(other.key).not.toBe(first.key);
    expect(filesUnder(root).sort()).toEqual([first.key, other.key].sort());
  });

  it('refuses an upload over maxBytes with UPLOAD_TOO_LARGE and keeps nothing of it', async () => {
    const root = freshFolder('blobs');
    const blobs = new FileBlobStore(root);
    const chunks = Array.from({ length: 10 }, () => randomBytes(1024));
    const error = await expectRectoError(blobs.putStream(Readable.from(chunks), { maxBytes: 5000 }), 'UPLOAD_TOO_LARGE');
    expect(error.retryable).toBe(false);
    expect(filesUnder(root)).toEqual([]);
    // Exactly at the limit is allowed.
    const atLimit = await blobs.putStream(Readable.from([randomBytes(5000)]), { maxBytes: 5000 });
    expect(atLimit.sizeBytes).toBe(5000);
  });

  it('keeps nothing, under any key or in tmp, when the upload stream fails midway', async () => {
    const root = freshFolder('blobs');
    const blobs = new FileBlobStore(root);
    const upload = streamThatBreaksAfter([randomBytes(64 * 1024), randomBytes(64 * 1024)]);
    const error = await expectRectoError(blobs.putStream(upload, { maxBytes: 10_000_000 }), 'UPLOAD_INTERRUPTED');
    expect(error.message).toMatch(/connection reset/);
    expect(error.retryable).toBe(true);
    expect(filesUnder(root)).toEqual([]);
  });

  it('rejects keys it did not make, so no key can reach outside the store', async () => {
    const root = freshFolder('blobs');
    const blobs = new FileBlobStore(root);
    const { key, sha256 } = await blobs.putBuffer(Buffer.from('x'));
    const badKeys = [
      '../../../etc/passwd',
      '/etc/passwd',
      `sha256/${sha256.slice(0, 2)}/../../${sha256}`,
      `sha256/ab/cd/${sha256}`, // fan-out folders that do not match the hash
      key.toUpperCase(),
      `${key}/..`,
      `${key}\0`,
      '',
    ];
    for (const bad of badKeys) {
      await expectRectoError(blobs.get(bad), 'INVALID_STORAGE_KEY');
      await expectRectoError(blobs.has(bad), 'INVALID_STORAGE_KEY');
      await expectRectoError(blobs.delete(bad), 'INVALID_STORAGE_KEY');
      await expectRectoError(() => blobs.openRead(bad), 'INVALID_STORAGE_KEY');
    }
    expect(await blobs.has(key)).toBe(true);
  });

  it('reports a well-formed key with nothing behind it as BLOB_NOT_FOUND, and deletes idempotently', async () => {
    const blobs = new FileBlobStore(freshFolder('blobs'));
    const { key } = await blobs.putBuffer(Buffer.from('to be deleted'));
    await blobs.delete(key);
    await blobs.delete(key);
    expect(await blobs.has(key)).toBe(false);
    await expectRectoError(blobs.get(key), 'BLOB_NOT_FOUND');
    await expectRectoError(async () => {
      for await (const _chunk of blobs.openRead(key));
    }, 'BLOB_NOT_FOUND');
  });
  it('reads the head of a blob without reading the rest: 4 KiB of a 3 GB file, more than a short one holds', async () => {
    const blobs = new FileBlobStore(freshFolder('blobs'));
    const bytes = randomBytes(100_000);
    const { key } = await blobs.putBuffer(bytes);
    expect(await blobs.readHead(key, 4096)).toEqual(bytes.subarray(0, 4096));
    expect(await blobs.readHead(key, 1_000_000)).toEqual(bytes);
    // Grown in place (sparsely) to 3 GB: more than readFile can hold, so only a head read answers.
    const file = path.join(blobs.root, ...key.split('/'));
    truncateSync(file, 3 * 1024 ** 3);
    const rssBefore = process.memoryUsage.rss();
    expect(await blobs.readHead(key, 4096)).toEqual(bytes.subarray(0, 4096));
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(50 * 1024 * 1024);
    await expectRectoError(blobs.get(key), 'STORAGE_UNAVAILABLE');
    await blobs.delete(key);
    await expectRectoError(blobs.readHead(key, 4096), 'BLOB_NOT_FOUND');
    await expectRectoError(blobs.readHead('../../etc/passwd', 4096), 'INVALID_STORAGE_KEY');
  });

  it('sweeps temporary files older than the given age and keeps fresh ones (an upload still arriving)', async () => {
    const blobs = new FileBlobStore(freshFolder('blobs'));
    const tmp = path.join(blobs.root, 'tmp');
    writeFileSync(path.join(tmp, 'killed-upload.part'), 'half an upload');
    writeFileSync(path.join(tmp, 'arriving-upload.part'), 'an upload in progress');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(path.join(tmp, 'killed-upload.part'), twoHoursAgo, twoHoursAgo);
    expect(await blobs.sweepTempFiles(60 * 60 * 1000)).toBe(1);
    expect(readdirSync(tmp)).toEqual(['arriving-upload.part']);
  });
});

describe('SqliteMetadataStore', () => {
  it('makes one document per sha256: created, then found', async () => {
    const storage = openEmbeddedStorage({ dataDir: freshFolder('data') });
    const { metadata } = storage;
    const input = { ...newDocument(fakeSha(1)), metadata: { patientHint: 'Smith', source: 'ward-7 scanner', uploadedBy: 'jdoe' } };
    const first = await metadata.createDocumentIfAbsent(input);
    const second = await metadata.createDocumentIfAbsent({ ...input, fileName: 'copy of referral.pdf' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.document).toEqual(first.document);
    expect(first.document).toMatchObject({
      sha256: fakeSha(1),
      fileName: 'referral.pdf',
      status: 'queued',
      pageCount: null,
      error: null,
      attempts: 0,
      metadata: { patientHint: 'Smith', source: 'ward-7 scanner', uploadedBy: 'jdoe' },
      outputs: { pdfKey: null, textKey: null, sidecarKey: null },
    });
    expect(first.document.id).toMatch(/^doc_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(await metadata.findBySha256(fakeSha(1))).toEqual(first.document);
    expect(await metadata.getDocument(first.document.id)).toEqual(first.document);
    expect(await metadata.getDocument('doc_00000000000000000000000000')).toBeNull();
    expect(await metadata.countByStatus()).toEqual({ queued: 1, processing: 0, done: 0, failed: 0 });
    await metadata.createDocumentIfAbsent(newDocument(fakeSha(2)));
    expect((await metadata.listDocuments({ limit: 10 })).documents).toHaveLength(2);
    await storage.close();
  });

  it('makes exactly one row per hash when two processes race on a new database file', async () => {
    const raceDir = freshFolder('race');
    mkdirSync(raceDir);
    const dbFile = path.join(raceDir, 'recto.sqlite');
    const worker = path.join(dir, 'race-worker.mts');
    const storeModule = pathToFileURL(path.join(ROOT, 'src/storage/sqlite-metadata-store.ts')).href;
    writeFileSync(
      worker,
      `import { SqliteMetadataStore } from ${JSON.stringify(storeModule)};
       const [dbFile, openAt, insertAt, numbers] = process.argv.slice(2);
       const waitUntil = (time) => { while (Date.now() < Number(time)); };
       waitUntil(openAt);
       const store = new SqliteMetadataStore(dbFile);
       waitUntil(insertAt);
       const seen = {};
       const startedAt = performance.timeOrigin + performance.now();
       for (const n of numbers.split(',').map(Number)) {
         const sha256 = n.toString(16).padStart(64, '0');
         const { document, created } = await store.createDocumentIfAbsent({
           sha256, originalKey: 'sha256/00/00/' + sha256, fileName: 'page-' + n + '.png', sizeBytes: n, format: 'png',
         });
         seen[sha256] = { id: document.id, created };
       }
       const endedAt = performance.timeOrigin + performance.now();
       await store.close();
       console.log(JSON.stringify({ seen, window: [startedAt, endedAt] }));`,
    );
    const run = promisify(execFile);
    const range = (from: number, to: number) =>
      Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => (to >= from ? from + i : from - i));
    // 50 each, 25 shared; the shared ones walked from opposite ends so the two meet in the
    // middle, each creating some and finding the other's. Both open the not-yet-existing file
    // at one instant (racing the schema migration), then insert at another.
    const numbersOfA = [...range(25, 49), ...range(0, 24)];
    const numbersOfB = [...range(49, 25), ...range(50, 74)];
    const openAt = Date.now() + 2500;
    const [a, b] = await Promise.all(
      [numbersOfA, numbersOfB].map((numbers) =>
        run(process.execPath, ['--import', 'tsx', worker, dbFile, String(openAt), String(openAt + 500), numbers.join(',')], {
          cwd: ROOT,
          timeout: 60_000,
        }),
      ),
    );
    type Report = { seen: Record<string, { id: string; created: boolean }>; window: [number, number] };
    const reportA: Report = JSON.parse(a.stdout);
    const reportB: Report = JSON.parse(b.stdout);
    // The race is only tested if the two really inserted at the same time: their windows overlap.
    expect(reportA.window[0] < reportB.window[1] && reportB.window[0] < reportA.window[1], JSON.stringify([reportA.window, reportB.window])).toBe(true);
    const seenByA = reportA.seen;
    const seenByB = reportB.seen;
    // Where both inserted the same hash, both got the same document and only one created it.
    for (let n = 25; n <= 49; n++) {
      const sha256 = n.toString(16).padStart(64, '0');
      expect(seenByA[sha256].id).toBe(seenByB[sha256].id);
      expect(Number(seenByA[sha256].created) + Number(seenByB[sha256].created)).toBe(1);
    }
    const db = new Database(dbFile, { readonly: true });
    const rows = db.prepare('SELECT sha256, COUNT(*) AS copies FROM documents GROUP BY sha256').all() as { copies: number }[];
    db.close();
    expect(rows).toHaveLength(75);
    expect(rows.every((row) => row.copies === 1)).toBe(true);
  });

  it('remembers documents whose search entry is owed, and a repair clears only the mark it read', async () => {
    const storage = openEmbeddedStorage({ dataDir: freshFolder('data') });
    const { document } = await storage.metadata.createDocumentIfAbsent(newDocument(fakeSha(901)));
    expect(await storage.metadata.listSearchStale()).toEqual([]);
    const first = await storage.metadata.markSearchStale(document.id);
    expect(await storage.metadata.listSearchStale()).toEqual([first]);
    // Failed again while a repair was working on the first failure: the repair's clear leaves the newer mark.
    const again = await storage.metadata.markSearchStale(document.id);
    expect(Date.parse(again.since)).toBeGreaterThan(Date.parse(first.since));
    await storage.metadata.clearSearchStale(first);
    expect(await storage.metadata.listSearchStale(10)).toEqual([again]);
    await storage.metadata.clearSearchStale(again);
    expect(await storage.metadata.listSearchStale()).toEqual([]);
    await expect(storage.metadata.markSearchStale('doc_01JZ0000000000000000000000')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    await storage.close();
  });

  it('lists every document exactly once across pages, newest first, with and without a status filter', async () => {
    const storage = openEmbeddedStorage({ dataDir: freshFolder('data') });
    const created: string[] = [];
    for (let n = 0; n < 23; n++) {
      const { document } = await storage.metadata.createDocumentIfAbsent(newDocument(fakeSha(100 + n)));
      created.push(document.id);
      if (n % 3 === 0) await storage.metadata.updateDocument(document.id, { status: 'processing' });
      await sleep(2); // distinct milliseconds, so "newest first" has one right answer
    }
    const collect = async (status?: 'processing') => {
      const seen: string[] = [];
      const createdAt: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await storage.metadata.listDocuments({ limit: 5, cursor, status });
        expect(page.documents.length).toBeLessThanOrEqual(5);
        seen.push(...page.documents.map((document) => document.id));
        createdAt.push(...page.documents.map((document) => document.createdAt));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect([...createdAt].sort().reverse()).toEqual(createdAt);
      return seen;
    };
    expect(await collect()).toEqual([...created].reverse());
    expect(await collect('processing')).toEqual(created.filter((_, n) => n % 3 === 0).reverse());
    expect((await storage.metadata.listDocuments({ limit: 23 })).nextCursor).toBeNull();
    await expectRectoError(storage.metadata.listDocuments({ limit: 5, cursor: "x' OR 1=1 --" }), 'INVALID_CURSOR');
    await storage.close();
  });

  it('moves documents through their statuses, and refuses a stale job moving a done document back', async () => {
    const storage = openEmbeddedStorage({ dataDir: freshFolder('data') });
    const { metadata } = storage;
    const { document } = await metadata.createDocumentIfAbsent(newDocument(fakeSha(200)));
    await sleep(2);
    const processing = await metadata.updateDocument(document.id, { status: 'processing', pageCount: 3 });
    expect(processing).toMatchObject({ status: 'processing', pageCount: 3, attempts: 1 });
    expect(processing.updatedAt > document.updatedAt).toBe(true);
    expect(processing.createdAt).toBe(document.createdAt);

    const failure = new RectoError('OCR_FAILED', 'tesseract crashed on page 2');
    const failed = await metadata.updateDocument(document.id, { status: 'failed', error: failure.toJSON() });
    expect(failed.error).toEqual(failure.toJSON());
    const retried = await metadata.updateDocument(document.id, { status: 'processing', error: null });
    expect(retried).toMatchObject({ status: 'processing', error: null, attempts: 2, pageCount: 3 });

    await metadata.updateDocument(document.id, { outputs: { pdfKey: 'sha256/pdf' } });
    const done = await metadata.updateDocument(document.id, { status: 'done', outputs: { textKey: 'sha256/txt', sidecarKey: 'sha256/json' } });
    expect(done.outputs).toEqual({ pdfKey: 'sha256/pdf', textKey: 'sha256/txt', sidecarKey: 'sha256/json' });
    expect(done.attempts).toBe(2);

    for (const stale of ['processing', 'failed'] as const) {
      await expectRectoError(metadata.updateDocument(document.id, { status: stale }), 'INVALID_STATUS_TRANSITION');
    }
    expect(await metadata.getDocument(document.id)).toEqual(done);
    expect(await metadata.updateDocument(document.id, { status: 'done' })).toMatchObject({ status: 'done' });
    expect(await metadata.countByStatus()).toEqual({ queued: 0, processing: 0, done: 1, failed: 0 });
    await expectRectoError(metadata.updateDocument('doc_00000000000000000000000000', { status: 'done' }), 'DOCUMENT_NOT_FOUND');
    await storage.close();
  });

  it('upserts pages stage by stage, merging what each stage adds', async () => {
    const storage = openEmbeddedStorage({ dataDir: freshFolder('data') });
    const { metadata } = storage;
    const { document } = await metadata.createDocumentIfAbsent(newDocument(fakeSha(300)));
    await metadata.upsertPage(document.id, 1, { imageKey: 'img-1', timingsMs: { splitMs: 40 } });
    const split = await metadata.upsertPage(document.id, 0, { imageKey: 'img-0', timingsMs: { splitMs: 50 } });
    expect(split).toMatchObject({ documentId: document.id, index: 0, status: 'split', cleanedKey: null, ocrKey: null, error: null });

    await metadata.upsertPage(document.id, 0, { status: 'cleaned', cleanedKey: 'clean-0', timingsMs: { cleanMs: 120 } });
    const ocrDone = await metadata.upsertPage(document.id, 0, { status: 'ocr_done', ocrKey: 'ocr-0', timingsMs: { ocrMs: 900 } });
    expect(ocrDone).toMatchObject({
      status: 'ocr_done',
      imageKey: 'img-0',
      cleanedKey: 'clean-0',
      ocrKey: 'ocr-0',
      timingsMs: { splitMs: 50, cleanMs: 120, ocrMs: 900 },
    });
    const failure = new RectoError('CORRUPT_IMAGE', 'page 2 is cut short').toJSON();
    await metadata.upsertPage(document.id, 1, { status: 'failed', error: failure });

    const pages = await metadata.listPages(document.id);
    expect(pages.map((page) => [page.index, page.status])).toEqual([
      [0, 'ocr_done'],
      [1, 'failed'],
    ]);
    expect(pages[1].error).toEqual(failure);
    expect(pages[1].imageKey).toBe('img-1');
    await expectRectoError(metadata.upsertPage('doc_00000000000000000000000000', 0, {}), 'DOCUMENT_NOT_FOUND');
    await storage.close();
  });

  it('keeps where filing stands apart from the capture status: attempts counted, one re-file claim, the error only while failed', async () => {
    const storage = openEmbeddedStorage({ dataDir: freshFolder('data') });
    const { metadata } = storage;
    const { document } = await metadata.createDocumentIfAbsent(newDocument(fakeSha(31)));
    expect(document.filing).toBeNull();
    await metadata.updateDocument(document.id, { status: 'processing' });
    await metadata.updateDocument(document.id, { status: 'done' });

    const pending = await metadata.updateFiling(document.id, { status: 'pending' });
    expect(pending).toMatchObject({ status: 'done', updatedAt: expect.any(String), filing: { status: 'pending', attempts: 1, error: null } });
    // Staying pending (a retried job writing again) is not another attempt.
    expect((await metadata.updateFiling(document.id, { status: 'pending' })).filing?.attempts).toBe(1);
    const error = new RectoError('PATIENT_INDEX_UNAVAILABLE', 'Searching http://127.0.0.1:9/fhir for an NHS number: connection refused').toJSON();
    const failed = await metadata.updateFiling(document.id, { status: 'failed', error });
    expect(failed.filing).toMatchObject({ status: 'failed', attempts: 1, error });
    expect(failed.updatedAt).toBe(pending.updatedAt);
    expect((await metadata.listDocuments({ limit: 10, filing: 'failed' })).documents.map((listed) => listed.id)).toEqual([document.id]);
    expect((await metadata.listDocuments({ limit: 10, status: 'done', filing: 'failed' })).documents).toHaveLength(1);
    expect((await metadata.listDocuments({ limit: 10, status: 'failed', filing: 'failed' })).documents).toHaveLength(0);

    // A re-file claims the failed filing once: the second claim finds it pending.
    const claimed = await metadata.updateFiling(document.id, { status: 'pending', ifStatus: 'failed' });
    expect(claimed.filing).toMatchObject({ status: 'pending', attempts: 2, error: null });
    await expectRectoError(metadata.updateFiling(document.id, { status: 'pending', ifStatus: 'failed' }), 'INVALID_STATUS_TRANSITION');
    // An error given with any other status is not kept.
    expect((await metadata.updateFiling(document.id, { status: 'filed', error })).filing).toMatchObject({ status: 'filed', attempts: 2, error: null });
    expect((await metadata.listDocuments({ limit: 10, filing: 'failed' })).documents).toEqual([]);
    await expectRectoError(metadata.updateFiling('doc_00000000000000000000000000', { status: 'pending' }), 'DOCUMENT_NOT_FOUND');
    await storage.close();
  });

  it('adds filing state to a database made before it, with no filing for the documents already there', async () => {
    const dataDir = freshFolder('data');
    mkdirSync(dataDir, { recursive: true });
    const old = new Database(path.join(dataDir, 'recto.sqlite'));
    // The schema as it was before the audit chain and filing state (both migrations run on open).
    for (const step of MIGRATIONS.slice(0, 3)) old.exec(step as string);
    old.pragma('user_version = 3');
    old.prepare(
      `INSERT INTO documents (id, sha256, original_key, file_name, size_bytes, format, status, metadata, outputs, attempts, created_at, updated_at)
       VALUES ('doc_01JZ0000000000000000000001', ?, 'sha256/x', 'referral.pdf', 1, 'pdf', 'done', '{}', '{}', 1, 1, 1)`,
    ).run(fakeSha(32));
    old.close();

    const storage = openEmbeddedStorage({ dataDir });
    const document = await storage.metadata.getDocument('doc_01JZ0000000000000000000001');
    expect(document).toMatchObject({ status: 'done', filing: null });
    expect((await storage.metadata.updateFiling(document!.id, { status: 'pending' })).filing).toMatchObject({ status: 'pending', attempts: 1 });
    await storage.close();
  });

  it('keeps the deliveries of a database made before `retrying`, and can then record a retrying one', async () => {
    const dataDir = freshFolder('data');
    const before = openEmbeddedStorage({ dataDir });
    const blob = await before.blobs.putBuffer(Buffer.from('%PDF-1.7 a filed letter'));
    const { document } = await before.metadata.createDocumentIfAbsent(newDocument(blob.sha256));
    await before.close();
    // Back to the deliveries table as it was before the migration that added `retrying`, with a failed delivery in it.
    const old = new Database(path.join(dataDir, 'recto.sqlite'));
    old.exec(`DROP TABLE deliveries;
      CREATE TABLE deliveries (
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE, sink TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')), attempts INTEGER NOT NULL DEFAULT 0,
        receipt TEXT CHECK (receipt IS NULL OR json_valid(receipt)), error TEXT CHECK (error IS NULL OR json_valid(error)),
        updated_at INTEGER NOT NULL, PRIMARY KEY (document_id, sink)) STRICT, WITHOUT ROWID;`);
    old.prepare(`INSERT INTO deliveries VALUES (?, 'epr-fhir', 'failed', 2, NULL, '{"code":"SINK_UNAVAILABLE"}', 1000)`).run(document.id);
    // And what the migrations after that one added, so opening runs them all again.
    old.exec('DROP INDEX documents_search_stale; ALTER TABLE documents DROP COLUMN search_stale_since;');
    old.pragma(`user_version = ${MIGRATIONS.findIndex((step) => typeof step === 'string' && step.includes('deliveries_v2'))}`);
    old.close();

    const after = openEmbeddedStorage({ dataDir });
    expect(await after.deliveries.listOf(document.id)).toEqual([
      { documentId: document.id, sink: 'epr-fhir', status: 'failed', attempts: 2, receipt: null, error: { code: 'SINK_UNAVAILABLE' }, updatedAt: new Date(1000).toISOString(), nextAttemptAt: null },
    ]);
    const next = new Date(Date.now() + 10_000);
    expect(await after.deliveries.record(document.id, 'epr-fhir', { status: 'retrying', error: { code: 'SINK_UNAVAILABLE', message: 'down', retryable: true, hint: '' }, nextAttemptAt: next })).toMatchObject({
      status: 'retrying',
      attempts: 3,
      nextAttemptAt: next.toISOString(),
    });
    // Any later status clears the next try; many documents' deliveries come back in one read.
    expect(await after.deliveries.record(document.id, 'epr-fhir', { status: 'pending' })).toMatchObject({ status: 'pending', attempts: 3, nextAttemptAt: null });
    const many = await after.deliveries.listOfMany([document.id, 'doc_00000000000000000000000000']);
    expect([...many.keys()]).toEqual([document.id]);
    expect(many.get(document.id)).toEqual(await after.deliveries.listOf(document.id));
    await after.close();
  });

  it('keeps documents, pages and blobs across a restart, and refuses a database from a newer Recto', async () => {
    const dataDir = freshFolder('data');
    const before = openEmbeddedStorage({ dataDir });
    const blob = await before.blobs.putBuffer(Buffer.from('%PDF-1.7 a scanned referral'));
    const { document } = await before.metadata.createDocumentIfAbsent(newDocument(blob.sha256));
    await before.metadata.updateDocument(document.id, { status: 'processing', pageCount: 1 });
    await before.metadata.upsertPage(document.id, 0, { imageKey: blob.key });
    await before.close();

    const after = openEmbeddedStorage({ dataDir });
    expect(await after.metadata.findBySha256(blob.sha256)).toMatchObject({ id: document.id, status: 'processing', pageCount: 1 });
    expect(await after.metadata.listPages(document.id)).toMatchObject([{ index: 0, imageKey: blob.key }]);
    expect((await after.blobs.get(blob.key)).toString()).toBe('%PDF-1.7 a scanned referral');
    expect((await after.metadata.createDocumentIfAbsent(newDocument(blob.sha256))).created).toBe(false);
    await after.close();

    const db = new Database(path.join(dataDir, 'recto.sqlite'));
    db.pragma('user_version = 99');
    db.close();
    await expectRectoError(() => openEmbeddedStorage({ dataDir }), 'STORAGE_SCHEMA_TOO_NEW');
  });
});
