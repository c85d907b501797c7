import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `recto` exits with the status the error catalogue gives the error's code (README "Exit
 * codes"), whatever the command: here the service commands failing to start, and a usage error
 * caught by the option parser. The scan and audit commands' own are in their tests.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/cli/recto.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recto-exit-codes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recto(args: string[], env: Record<string, string> = {}) {
  const { TRUST_CONFIG: _unset, ...inherited } = process.env;
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    // MALLOC_ARENA_MAX set: run in this child, not a re-spawned grandchild.
    env: { ...inherited, MALLOC_ARENA_MAX: '2', DATA_DIR: path.join(dir, 'data'), QUEUE_PREFIX: `recto-exit-${randomUUID().slice(0, 8)}`, OCR_WORKERS: '1', ...env },
  });
}

describe('recto exit statuses', () => {
  it('5 (unavailable) when no Redis answers', () => {
    const run = recto(['worker'], { REDIS_URL: 'redis://127.0.0.1:1', START_REDIS: 'never' });
    expect(run.status, run.stderr).toBe(5);
    expect(run.stderr).toMatch(/recto worker: QUEUE_UNAVAILABLE: no Redis answers at redis:\/\/127\.0\.0\.1:1/);
  });

  it('2 (usage) for a setting that is not valid', () => {
    const run = recto(['worker'], { REDIS_URL: 'redis://127.0.0.1:6379', START_REDIS: 'never', OCR_WORKERS: 'many' });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/recto worker: INVALID_OPTIONS: [\s\S]*OCR_WORKERS/);
  });

  it('4 (configuration) when the trust configuration is not valid', () => {
    const trustConfig = path.join(dir, 'trust.json');
    writeFileSync(trustConfig, '{ "custodianOds": "RZZ", ');
    const run = recto(['worker'], { REDIS_URL: 'redis://127.0.0.1:6379', START_REDIS: 'never', TRUST_CONFIG: trustConfig });
    expect(run.status, run.stderr).toBe(4);
    expect(run.stderr).toMatch(/recto worker: INVALID_TRUST_CONFIG: trust config .*trust\.json is not JSON/);
    expect(run.stderr).toMatch(/trust-config\.example\.json/);
  });

  it('2 (usage) for a value the option parser refuses, before anything is opened', () => {
    const run = recto(['user', 'add', 'a.clerk', '--role', 'wizard', '--password-stdin']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/wizard/);
  });
});
