import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import type { DocumentRecord, Storage } from '../../src/storage/storage.ts';
import { waitForDone } from './service-client.ts';
import { ServiceProcesses } from './service-process.ts';
import { StageJobs } from './stage-jobs.ts';

/**
 * What a service test needs around the processes it starts: a DATA_DIR and a queue prefix of
 * its own, the same storage and queues opened from the test to check on them, and one
 * clean-up that removes every trace whatever state the test left things in.
 */
export interface ServiceFixture {
  dataDir: string;
  prefix: string;
  redisUrl: string;
  processes: ServiceProcesses;
  storage: Storage;
  jobs: StageJobs;
  /** Waits until every listed document is done; on failure says what each process wrote to stderr. */
  waitForDone(ids: readonly string[], timeoutMs: number): Promise<DocumentRecord[]>;
  /** The environment every process of this test shares (plus per-process settings). */
  env(settings?: Record<string, string>): Record<string, string>;
  cleanup(): Promise<void>;
}

export function createServiceFixture(label: string, redisUrl = 'redis://127.0.0.1:6379'): ServiceFixture {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `recto-${label}-`));
  const prefix = `recto-${label}-${randomUUID().slice(0, 8)}`;
  const processes = new ServiceProcesses();
  const storage = openEmbeddedStorage({ dataDir });
  const jobs = new StageJobs(redisUrl, prefix);
  return {
    dataDir,
    prefix,
    redisUrl,
    processes,
    storage,
    jobs,
    waitForDone: (ids, timeoutMs) =>
      waitForDone(storage, ids, timeoutMs).catch((error: Error) => {
        throw new Error(`${error.message}\n${processes.output()}`);
      }),
    env: (settings = {}) => ({ REDIS_URL: redisUrl, START_REDIS: 'never', DATA_DIR: dataDir, QUEUE_PREFIX: prefix, PORT: '0', ...settings }),
    cleanup: async () => {
      await processes.killAll();
      await jobs.obliterate().catch(() => undefined);
      await jobs.close();
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
