import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

/**
 * A redis-server of a test's own, on a spare port, that the test may stop and start again:
 * the shared Redis on 6379 must never be restarted under other tests. Persistence is the
 * durable kind Recto asks for (append-only, fsync on every write), so a restart keeps every
 * acknowledged job.
 */
export interface RedisServer {
  port: number;
  url: string;
  /** The AOF lives here; it outlives stop() so start() finds the same data. */
  dir: string;
  /** Starts the server (again) on the same port and directory, and waits until it answers PING. */
  start(): Promise<void>;
  /**
   * Stops the server and waits until it has gone: SIGTERM (the default) shuts it down cleanly,
   * SIGKILL is a crash (with fsync on every write, it still loses nothing acknowledged).
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /**
   * Deletes what the stopped server had persisted, so it starts again empty: a Redis that lost
   * its disk, or ran without persistence, or fsynced only once a second before a crash.
   */
  forgetData(): void;
  /** Stops the server if it runs and removes its directory. */
  destroy(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const server of running) server.kill('SIGKILL');
});

export async function startRedisServer(): Promise<RedisServer> {
  const port = await sparePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recto-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  let log = '';

  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    const current = server;
    if (!current) return;
    server = undefined;
    if (current.exitCode === null && current.signalCode === null) {
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill(signal);
      await exited;
    }
    running.delete(current);
  };

  const start = async (): Promise<void> => {
    if (server) throw new Error(`redis-server on ${port} is already running`);
    log = '';
    const child = spawn(
      'redis-server',
      [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--dir', dir,
        '--appendonly', 'yes',
        '--appendfsync', 'always',
        '--save', '',
        '--maxmemory-policy', 'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server = child;
    running.add(child);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    child.once('exit', () => running.delete(child));
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (!(await answersPing(url))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`redis-server on ${port} did not start:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  await start();
  return {
    port,
    url,
    dir,
    start,
    stop,
    forgetData: () => {
      if (server) throw new Error(`stop redis-server on ${port} before deleting its data`);
      for (const entry of readdirSync(dir)) rmSync(path.join(dir, entry), { recursive: true, force: true });
    },
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on right now: the kernel picks it for a listener we close at once. */
async function sparePort(): Promise<number> {
  const listener = net.createServer();
  await new Promise<void>((resolve, reject) => listener.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as net.AddressInfo;
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

async function answersPing(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
