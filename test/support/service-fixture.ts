import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type EmbeddedStorage, openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import type { DocumentRecord } from '../../src/storage/storage.ts';
import { createApiToken } from '../../src/auth/accounts.ts';
import { ROLES } from '../../src/auth/roles.ts';
import { type ApiTarget, bearer } from './test-api.ts';
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
  storage: EmbeddedStorage;
  jobs: StageJobs;
  /** Waits until every listed document is done; on failure says what each process wrote to stderr. */
  waitForDone(ids: readonly string[], timeoutMs: number): Promise<DocumentRecord[]>;
  /** A service's API as an integration holding a token of every role (made in this DATA_DIR). */
  api(url: string): ApiTarget;
  /** The environment every process of this test shares (plus per-process settings). */
  env(settings?: Record<string, string>): Record<string, string>;
  cleanup(): Promise<void>;
}

export async function createServiceFixture(label: string, redisUrl = 'redis://127.0.0.1:6379'): Promise<ServiceFixture> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `recto-${label}-`));
  const prefix = `recto-${label}-${randomUUID().slice(0, 8)}`;
  const processes = new ServiceProcesses();
  const storage = openEmbeddedStorage({ dataDir });
  const jobs = new StageJobs(redisUrl, prefix);
  const { token } = await createApiToken(storage.auth, { name: `test ${label}`, roles: [...ROLES], createdBy: 'test' });
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
    api: (url) => ({ url, headers: bearer(token) }),
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
