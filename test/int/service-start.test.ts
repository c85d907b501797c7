import { randomUUID } from 'node:crypto';
import { createApiToken } from '../../src/auth/accounts.ts';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection } from '../../queues/connection.ts';
import { DocumentQueue } from '../../queues/enqueue.ts';
import { queueNames } from '../../queues/names.ts';
import { closeStageQueues, openStageQueues } from '../../queues/stage-queues.ts';
import { loadServiceConfig } from '../../src/service/service-config.ts';
import { type RunningService, startService } from '../../src/service/start-service.ts';
import { openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import { bilevelTiff } from '../bad-input/hostile-formats.ts';

/**
 * `recto serve` started in this process (real Redis, real loopback server, one real OCR worker
 * that never gets a page): what it does when it opens its storage, and MAX_PAGES reaching both
 * the upload route and the split stage.
 */

const prefix = `recto-start-${randomUUID().slice(0, 8)}`;
let dataDir: string;
let tmp: string;
let service: RunningService;

let token: string;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'recto-start-'));
  tmp = path.join(dataDir, 'blobs', 'tmp');
  mkdirSync(tmp, { recursive: true });
  // Left by an API killed mid-upload two hours ago, and by an upload another process is receiving now.
  writeFileSync(path.join(tmp, '0123456789abcdef.part'), 'half of a scan');
  const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
  utimesSync(path.join(tmp, '0123456789abcdef.part'), twoHoursAgo, twoHoursAgo);
  writeFileSync(path.join(tmp, 'fedcba9876543210.part'), 'a scan still arriving');
  const config = loadServiceConfig({
    DATA_DIR: dataDir,
    QUEUE_PREFIX: prefix,
    HOST: '127.0.0.1',
    PORT: '0',
    START_REDIS: 'never',
    OCR_WORKERS: '1',
    MAX_PAGES: '50',
  });
  const storage = openEmbeddedStorage({ dataDir });
  token = (await createApiToken(storage.auth, { name: 'service start test', roles: ['records'], createdBy: 'test' })).token;
  await storage.close();
  service = await startService(config, 'serve');
});

afterAll(async () => {
  await service?.stop();
  const connection = createRedisConnection('redis://127.0.0.1:6379', 'worker');
  const queues = openStageQueues(connection, queueNames(prefix));
  for (const queue of Object.values(queues)) await queue.obliterate({ force: true });
  await closeStageQueues(queues);
  await connection.quit();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('starting the capture service', () => {
  it('sweeps temporary upload files over an hour old and keeps a fresh one', () => {
    expect(readdirSync(tmp)).toEqual(['fedcba9876543210.part']);
  });

  it('refuses an upload over MAX_PAGES with 422 TOO_MANY_PAGES', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bilevelTiff(Array.from({ length: 51 }, () => ({ width: 8, height: 8 }))))]), 'batch.tif');
    const response = await fetch(`${service.url}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'TOO_MANY_PAGES', detail: 'batch.tif: 51 pages, more than the limit of 50 for one document' });
  });

  it("gives the split stage the same limit: a stored 51-page document fails at split, no page queued", async () => {
    const storage = openEmbeddedStorage({ dataDir });
    const connection = createRedisConnection('redis://127.0.0.1:6379', 'worker');
    const queue = new DocumentQueue(connection, queueNames(prefix));
    try {
      const stored = await storage.blobs.putBuffer(bilevelTiff(Array.from({ length: 51 }, () => ({ width: 16, height: 16 }))));
      const { document } = await storage.metadata.createDocumentIfAbsent({ ...stored, originalKey: stored.key, fileName: 'stored.tif', format: 'tiff' });
      await queue.enqueue(document.id, 1);
      let settled = await storage.metadata.getDocument(document.id);
      for (const deadline = Date.now() + 10_000; settled?.status !== 'failed' && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        settled = await storage.metadata.getDocument(document.id);
      }
      expect(settled).toMatchObject({ status: 'failed', pageCount: null, error: { code: 'TOO_MANY_PAGES' } });
      expect(await storage.metadata.listPages(document.id)).toEqual([]);
    } finally {
      await queue.close();
      await connection.quit();
      await storage.close();
    }
  });
});
