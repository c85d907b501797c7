import { type ChildProcess, spawn } from 'node:child_process';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { queueNames } from '../../queues/names.ts';
import { RECTO_CLI } from './engines.ts';
import { workingPid } from './queue-procs.ts';

/** What the service is started with in every queue mode (one fresh DATA_DIR and prefix per mode). */
export interface ServiceEnvironment {
  redisUrl: string;
  dataDir: string;
  queuePrefix: string;
}

/**
 * One `node src/cli/recto.js serve|worker` process. MALLOC_ARENA_MAX=2 is set here, as the
 * Docker image does, so recto.js does not run itself a second time and the spawned pid is the
 * process doing the work (`workingPid` still follows a re-spawn, should one happen).
 */
export class ServiceProcess {
  readonly child: ChildProcess;
  readonly spawnedAt = performance.now();
  private output = '';
  private exited: Promise<number | null>;
  exitCode: number | null | undefined;

  constructor(
    readonly label: string,
    role: 'serve' | 'worker',
    environment: ServiceEnvironment,
    ocrWorkers: number,
    /** Run on this CPU only (taskset execs node, so the pid stays the worker's). */
    cpu?: number,
  ) {
    const command = cpu === undefined ? [process.execPath, RECTO_CLI, role] : ['taskset', '-c', String(cpu), process.execPath, RECTO_CLI, role];
    this.child = spawn(command[0], command.slice(1), {
      env: {
        ...process.env,
        MALLOC_ARENA_MAX: '2',
        REDIS_URL: environment.redisUrl,
        DATA_DIR: environment.dataDir,
        QUEUE_PREFIX: environment.queuePrefix,
        OCR_WORKERS: String(ocrWorkers),
        START_REDIS: 'never',
        HOST: '127.0.0.1',
        PORT: '0', // any free port; the URL is read from "Recto is listening on …"
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolveExit) => {
      this.child.on('error', (error) => {
        keep(Buffer.from(`spawn failed: ${error.message}\n`));
        this.exitCode = null;
        resolveExit(null);
      });
      this.child.on('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? 128 : 1);
        resolveExit(this.exitCode);
      });
    });
  }

  get pid(): number {
    return workingPid(this.child.pid as number);
  }

  tail(characters = 1500): string {
    return this.output.slice(-characters);
  }

  /** Waits until the output matches `pattern` (printed once start-up, tesseract included, is done). */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (this.exitCode !== undefined) throw new Error(`${this.label} exited (${this.exitCode}) before it was ready:\n${this.tail()}`);
      if (performance.now() > deadline) throw new Error(`${this.label} not ready after ${timeoutMs / 1000} s:\n${this.tail()}`);
      await sleep(50);
    }
  }

  /** SIGTERM (the service finishes its current jobs), then SIGKILL if it has not gone in time. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

const STAGES = ['split', 'clean', 'ocr', 'assemble'] as const;
export type StageWorkerCounts = Record<(typeof STAGES)[number], number>;

/**
 * Connects to the queues of one prefix, to count the BullMQ workers listening on each stage
 * (every worker names its Redis connection) and, at the end, to remove every key of the prefix.
 */
export class QueueInspector {
  private readonly redis: Redis;
  private readonly queues: Queue[];

  constructor(
    redisUrl: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
    const names = queueNames(prefix);
    this.queues = STAGES.map((stage) => new Queue(names[stage], { connection: this.redis, prefix: names.prefix }));
  }

  async workerCounts(): Promise<StageWorkerCounts> {
    const counts = await Promise.all(this.queues.map((queue) => queue.getWorkersCount()));
    return { split: counts[0], clean: counts[1], ocr: counts[2], assemble: counts[3] };
  }

  /** Waits until `expected` processes listen on every stage queue. */
  async waitForWorkers(expected: number, timeoutMs: number): Promise<StageWorkerCounts> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const counts = await this.workerCounts();
      if (Object.values(counts).every((count) => count === expected)) return counts;
      if (performance.now() > deadline) {
        throw new Error(`expected ${expected} worker(s) on every stage queue, found ${JSON.stringify(counts)}`);
      }
      await sleep(100);
    }
  }

  /** Obliterates the stage queues, then deletes any key of the prefix left over. Returns how many that was. */
  async removeEverything(): Promise<number> {
    for (const queue of this.queues) await queue.obliterate({ force: true });
    let leftover = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) leftover += await this.redis.del(...keys);
    } while (cursor !== '0');
    return leftover;
  }

  async redisVersion(): Promise<string> {
    const info = await this.redis.info('server');
    return /^redis_version:(.*)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
    await this.redis.quit();
  }
}
