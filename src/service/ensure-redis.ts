import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { RectoError } from '../core/errors.ts';

/**
 * Makes sure a Redis answers at `url`. If none does and `redis-server` is installed, starts one
 * with append-only persistence under `dataDir/redis` (so queued work survives a restart);
 * otherwise fails with a message saying how to get one.
 */
export async function ensureRedis(url: string, dataDir: string, mode: 'auto' | 'never'): Promise<void> {
  if (await answers(url)) return;
  const target = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1'].includes(target.hostname);
  const hasServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (mode === 'never' || !local || !hasServer) {
    throw new RectoError(
      'QUEUE_UNAVAILABLE',
      `no Redis answers at ${url}. Install one (Debian: apt-get install redis-server), start it, or set REDIS_URL`,
    );
  }
  const dir = path.resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const server = spawn(
    'redis-server',
    ['--port', target.port || '6379', '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--save', ''],
    { detached: true, stdio: 'ignore' },
  );
  server.unref();
  for (let waited = 0; waited < 5000; waited += 100) {
    if (await answers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new RectoError('QUEUE_UNAVAILABLE', `started redis-server for ${url} but it did not answer within 5 s`);
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
