import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseApiToken, secretHash } from '../../src/auth/secrets.ts';
import { openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';

/** `recto user` and `recto token` as an admin runs them on the server: real subprocesses, a real data folder. */

const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recto-cli-accounts-'));

function recto(args: string[], input?: string) {
  return spawnSync(process.execPath, [path.join(ROOT, 'src/cli/recto.js'), ...args, '--data-dir', dataDir], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('recto user and recto token', () => {
  it('make the first admin and a scanner token, refuse a weak password, and audit every change', async () => {
    const added = recto(['user', 'add', 'first.admin', '--role', 'admin', '--role', 'reviewer', '--password-stdin'], 'a good long admin password\n');
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain('created user first.admin with roles admin, reviewer');
    const weak = recto(['user', 'add', 'second.user', '--role', 'records', '--password-stdin'], 'short\n');
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain('WEAK_PASSWORD');

    const created = recto(['token', 'create', '--name', 'ward 7 scanner', '--role', 'records']);
    expect(created.status, created.stderr).toBe(0);
    const token = created.stdout.trim();
    const parsed = parseApiToken(token)!;
    expect(parsed).not.toBeNull();
    expect(recto(['token', 'revoke', parsed.id]).status).toBe(0);

    const storage = openEmbeddedStorage({ dataDir });
    try {
      // Only the hash is kept, and the revoked token no longer opens anything.
      expect(await storage.auth.useToken(parsed.id, secretHash(parsed.secret), Date.now())).toBeNull();
      expect(await storage.auth.listUsers()).toEqual([expect.objectContaining({ name: 'first.admin', roles: ['admin', 'reviewer'], hasPassword: true })]);
      const events = [...(await storage.audit.trailOf('user:first.admin')), ...(await storage.audit.trailOf(`token:${parsed.id}`))];
      expect(events.map((event) => event.action)).toEqual(['admin.user.created', 'admin.token.created', 'admin.token.revoked']);
      expect(events.every((event) => event.actor.startsWith('cli:'))).toBe(true);
      expect((await storage.audit.verify()).ok).toBe(true);
    } finally {
      await storage.close();
    }
  });
});
