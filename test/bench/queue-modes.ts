import { spawn } from 'node:child_process';
import { createApiToken } from '../../src/auth/accounts.ts';
import { openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { machineBusySeconds } from './cpu-contention.ts';
import type { ModeKey, QueueBenchOptions } from './queue-options.ts';
import type { StagedInput } from './queue-inputs.ts';
import { processCpuSeconds, processMemory, redisServerPids, sumCpuSeconds } from './queue-procs.ts';
import type { ScanDriverJob, ScanDriverResult } from './queue-scan-driver.ts';
import { QueueInspector, ServiceProcess, sleep, type ServiceEnvironment, type StageWorkerCounts } from './queue-service.ts';

const SCAN_DRIVER = resolve('test/bench/queue-scan-driver.ts');
const START_TIMEOUT_MS = 120_000;

export interface ProcessReport {
  label: string;
  /** What the process runs: the API, stage workers (with how many OCR workers), or both. */
  runs: string;
  pid: number;
  peakRssKb?: number;
  /** CPU seconds inside the timed window. */
  cpuSeconds?: number;
}

export interface ModeResult {
  mode: ModeKey;
  /** How the mode was run, in words, printed with its numbers. */
  setup: string;
  processes: ProcessReport[];
  documents: number;
  failed: number;
  pages: number;
  expectedPages: number;
  /** Spawn until ready to take work (tesseract started, workers listening): not in `seconds`. */
  startupSeconds: number;
  /** The timed window: tesseract ready (scan) or first upload (queue) until the last document is done. */
  seconds: number;
  pagesPerMinute: number;
  /** CPU seconds of Recto's processes (every thread) inside the window. */
  cpuSeconds: number;
  /** CPU seconds of the local redis-server inside the window (queue modes; shared with anyone else using it). */
  redisCpuSeconds?: number;
  /** CPU seconds the rest of the machine used inside the window: other people's tests inflate `seconds`. */
  otherCpuSeconds: number;
  /** Queue modes: how long the uploads took (part of the window). */
  uploadSeconds?: number;
  /** Queue modes: the window as the poller saw it end (≤ one poll interval later than `seconds`). */
  polledSeconds?: number;
  /** Queue modes: status polls that failed and were retried (should be 0). */
  pollErrors?: number;
  /** Queue modes: BullMQ workers per stage queue when the clock started. */
  stageWorkers?: StageWorkerCounts;
  failures: string[];
  /** Set when the mode could not be measured at all. */
  error?: string;
}

/** Anything a mode must undo if the bench is interrupted (processes, queues, temp dirs). */
export const pendingCleanups = new Set<() => Promise<void>>();

/**
 * A clean-up that runs once however often it is called: on Ctrl-C the signal handler and the
 * mode's own `finally` both call it, and two obliterates of one queue at once fail.
 */
function once(cleanup: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= cleanup());
}

const ownCpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

const perMinute = (pages: number, seconds: number): number => (seconds > 0 ? pages / (seconds / 60) : 0);

// ---------------------------------------------------------------------------------------------
// In-process: recto scan

export async function runScanMode(mode: ModeKey, workers: number, inputs: StagedInput[], options: QueueBenchOptions): Promise<ModeResult> {
  const scratch = await mkdtemp(join(tmpdir(), `recto-qbench-${mode}-`));
  const job: ScanDriverJob = {
    inputs: inputs.map((input) => input.path),
    outDir: join(scratch, 'out'),
    workers,
    resultPath: join(scratch, 'result.json'),
  };
  const jobPath = join(scratch, 'job.json');
  await writeFile(jobPath, JSON.stringify(job, null, 2));
  const setup = `recto scan --workers ${workers}: one process, ${workers} tesseract.js worker${workers > 1 ? 's' : ''} (scanBatch via queue-scan-driver.ts)`;

  const spawnedAtMs = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', SCAN_DRIVER, jobPath], {
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const cleanup = once(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (!options.keep) await rm(scratch, { recursive: true, force: true });
  });
  pendingCleanups.add(cleanup);
  try {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMinutes * 60_000);
    const exitCode = await new Promise<number>((resolveExit, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
    });
    clearTimeout(timer);
    let result: ScanDriverResult;
    try {
      result = JSON.parse(await readFile(job.resultPath, 'utf8')) as ScanDriverResult;
    } catch {
      throw new Error(`the scan driver exited ${exitCode} without a result:\n${output.slice(-1500)}`);
    }
    const seconds = (result.doneAtMs - result.readyAtMs) / 1000;
    return {
      mode,
      setup,
      processes: [{ label: 'scan', runs: `scan, ${workers} OCR`, pid: child.pid as number, peakRssKb: result.peakRssKb, cpuSeconds: result.cpuSeconds }],
      documents: result.documents,
      failed: result.failed,
      pages: result.pages,
      expectedPages: sumPages(inputs),
      startupSeconds: (result.readyAtMs - spawnedAtMs) / 1000,
      seconds,
      pagesPerMinute: perMinute(result.pages, seconds),
      cpuSeconds: result.cpuSeconds,
      otherCpuSeconds: Math.max(0, result.machineBusySeconds - result.cpuSeconds),
      failures: result.failures,
    };
  } finally {
    await cleanup();
    pendingCleanups.delete(cleanup);
  }
}

// ---------------------------------------------------------------------------------------------
// The queue: an API process plus worker processes

/**
 * Whether `recto serve` with OCR_WORKERS=0 runs the API alone (no stage workers). Started once,
 * on a prefix of its own, and asked through Redis which BullMQ workers it opened.
 */
export async function probeApiOnly(redisUrl: string): Promise<{ apiOnly: boolean; counts: StageWorkerCounts }> {
  const environment: ServiceEnvironment = {
    redisUrl,
    dataDir: await mkdtemp(join(tmpdir(), 'recto-qbench-probe-')),
    queuePrefix: `recto-qbench-probe-${randomUUID().slice(0, 8)}`,
  };
  const api = new ServiceProcess('probe api', 'serve', environment, 0);
  const inspector = new QueueInspector(redisUrl, environment.queuePrefix);
  const cleanup = once(async () => {
    await api.stop(5_000);
    await inspector.removeEverything().catch(() => 0);
    await inspector.close().catch(() => undefined);
    await rm(environment.dataDir, { recursive: true, force: true });
  });
  pendingCleanups.add(cleanup);
  try {
    await api.waitFor(/Recto is listening on (http:\S+)/, START_TIMEOUT_MS);
    // Stage workers start before the API listens; give their connections a moment to register.
    let counts = await inspector.workerCounts();
    for (let i = 0; i < 10 && Object.values(counts).every((count) => count === 0); i++) {
      await sleep(200);
      counts = await inspector.workerCounts();
    }
    return { apiOnly: Object.values(counts).every((count) => count === 0), counts };
  } finally {
    await cleanup();
    pendingCleanups.delete(cleanup);
  }
}

interface ListedDocument {
  id: string;
  status: string;
  pageCount: number | null;
  updatedAt: string;
  fileName: string;
  error: { message?: string } | null;
}

async function benchToken(dataDir: string): Promise<string> {
  const storage = openEmbeddedStorage({ dataDir });
  try {
    return (await createApiToken(storage.auth, { name: 'queue bench', roles: ['records', 'clinician'], createdBy: 'bench' })).token;
  } finally {
    await storage.close();
  }
}

async function listAll(url: string, token: string): Promise<Map<string, ListedDocument>> {
  const documents = new Map<string, ListedDocument>();
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const response = await fetch(`${url}/v1/documents?limit=500${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET /v1/documents answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { documents: ListedDocument[]; nextCursor: string | null };
    for (const document of page.documents) documents.set(document.id, document);
    cursor = page.nextCursor;
  } while (cursor);
  return documents;
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ''}` : String(error);

async function upload(url: string, token: string, input: StagedInput): Promise<string> {
  const form = new FormData();
  form.append('file', await openAsBlob(input.path), input.fileName);
  let response: Response;
  try {
    response = await fetch(`${url}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new Error(`upload of ${input.fileName} failed: ${describeError(error)}`, { cause: error });
  }
  const body = (await response.json()) as { id?: string; duplicate?: boolean; detail?: string; title?: string };
  if (response.status !== 202 || !body.id || body.duplicate) {
    throw new Error(`upload of ${input.fileName} answered ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body.id;
}

/**
 * One queue mode. `apiOnly`: the API runs in a process of its own (OCR_WORKERS=0) and
 * `workerProcesses` × `recto worker` do the work. Otherwise (OCR_WORKERS=0 not supported) the
 * API's `serve` process is the first worker process (OCR_WORKERS=1) and the rest are `recto worker`.
 */
export async function runQueueMode(
  mode: ModeKey,
  workerProcesses: number,
  apiOnly: boolean,
  inputs: StagedInput[],
  options: QueueBenchOptions,
): Promise<ModeResult> {
  const environment: ServiceEnvironment = {
    redisUrl: options.redisUrl,
    dataDir: await mkdtemp(join(tmpdir(), `recto-qbench-${mode}-`)),
    queuePrefix: `recto-qbench-${randomUUID().slice(0, 8)}`,
  };
  // The API answers only signed-in callers: the bench is an integration with a token of its own.
  const token = await benchToken(environment.dataDir);
  const extraWorkers = apiOnly ? workerProcesses : workerProcesses - 1;
  const setup = apiOnly
    ? `recto serve with OCR_WORKERS=0 (API only) + ${workerProcesses} × recto worker with OCR_WORKERS=1${options.pin ? ', each pinned to its own CPU (taskset)' : ''}`
    : `recto serve with OCR_WORKERS=1 (API + stage workers)${extraWorkers > 0 ? ` + ${extraWorkers} × recto worker with OCR_WORKERS=1` : ''}`;
  const inspector = new QueueInspector(options.redisUrl, environment.queuePrefix);
  const processes: ServiceProcess[] = [];
  const cleanup = once(async () => {
    await Promise.all(processes.map((service) => service.stop()));
    await inspector.removeEverything().catch((error: unknown) => console.warn(`[bench] ${mode}: could not remove queue keys: ${String(error)}`));
    await inspector.close().catch(() => undefined);
    if (!options.keep) await rm(environment.dataDir, { recursive: true, force: true });
  });
  pendingCleanups.add(cleanup);
  try {
    const spawnedAt = performance.now();
    const api = new ServiceProcess(apiOnly ? 'api' : 'serve', 'serve', environment, apiOnly ? 0 : 1);
    processes.push(api);
    const cpuOf = (i: number) => (options.pin ? (i - 1) % os.availableParallelism() : undefined);
    for (let i = 1; i <= extraWorkers; i++) processes.push(new ServiceProcess(`worker ${i}`, 'worker', environment, 1, cpuOf(i)));
    const [, url] = await api.waitFor(/Recto is listening on (http:\S+)/, START_TIMEOUT_MS);
    await Promise.all(processes.slice(1).map((worker) => worker.waitFor(/Recto worker started/, START_TIMEOUT_MS)));
    const stageWorkers = await inspector.waitForWorkers(workerProcesses, 30_000);
    const startupSeconds = (performance.now() - spawnedAt) / 1000;

    const pids = processes.map((service) => service.pid);
    const port = Number(new URL(options.redisUrl).port || 6379);
    const redisPids = redisServerPids(port);
    const cpuBefore = pids.map((pid) => processCpuSeconds(pid) ?? 0);
    const redisBefore = sumCpuSeconds(redisPids);
    const busyBefore = machineBusySeconds();
    const ownBefore = ownCpuSeconds();

    // The clock: first upload until the last document is done.
    const startedAtMs = Date.now();
    const ids: string[] = [];
    for (const input of inputs) ids.push(await upload(url, token, input));
    const uploadSeconds = (Date.now() - startedAtMs) / 1000;

    const deadline = startedAtMs + options.timeoutMinutes * 60_000;
    let documents = new Map<string, ListedDocument>();
    let pollErrors = 0;
    for (let failedInARow = 0; ; ) {
      try {
        documents = await listAll(url, token);
        failedInARow = 0;
      } catch (error) {
        // One refused poll is noted and retried; three in a row end the mode.
        pollErrors++;
        if (++failedInARow >= 3) throw new Error(`GET /v1/documents failed 3 times in a row: ${describeError(error)}`, { cause: error });
        console.warn(`[bench] ${mode}: GET /v1/documents failed (${describeError(error)}); polling again`);
        await sleep(options.pollMs);
        continue;
      }
      const finished = ids.filter((id) => ['done', 'failed'].includes(documents.get(id)?.status ?? ''));
      if (finished.length === ids.length) break;
      const gone = processes.find((service) => service.exitCode !== undefined);
      if (gone) throw new Error(`${gone.label} exited (${gone.exitCode}) during the run:\n${gone.tail()}`);
      if (Date.now() > deadline) throw new Error(`${ids.length - finished.length} of ${ids.length} documents not done after ${options.timeoutMinutes} min`);
      await sleep(options.pollMs);
    }
    const polledAtMs = Date.now();
    const cpuAfter = pids.map((pid) => processCpuSeconds(pid) ?? 0);
    const redisCpuSeconds = sumCpuSeconds(redisPids) - redisBefore;
    const busySeconds = machineBusySeconds() - busyBefore;
    const ownSeconds = ownCpuSeconds() - ownBefore;

    const ours = ids.map((id) => documents.get(id) as ListedDocument);
    const done = ours.filter((document) => document.status === 'done');
    // The server's own timestamp of the last document turning done: exact, unlike the poll.
    const endedAtMs = Math.max(...ours.map((document) => Date.parse(document.updatedAt)));
    const seconds = (endedAtMs - startedAtMs) / 1000;
    const pages = done.reduce((sum, document) => sum + (document.pageCount ?? 0), 0);
    const processCpu = cpuAfter.map((after, i) => after - cpuBefore[i]);
    const cpuSeconds = processCpu.reduce((sum, value) => sum + value, 0);
    return {
      mode,
      setup,
      processes: processes.map((service, i) => ({
        label: service.label,
        runs: i === 0 ? (apiOnly ? 'API only' : 'API + stage workers, 1 OCR') : 'stage workers, 1 OCR',
        pid: pids[i],
        peakRssKb: processMemory(pids[i])?.peakRssKb,
        cpuSeconds: processCpu[i],
      })),
      documents: ids.length,
      failed: ours.length - done.length,
      pages,
      expectedPages: sumPages(inputs),
      startupSeconds,
      seconds,
      pagesPerMinute: perMinute(pages, seconds),
      cpuSeconds,
      redisCpuSeconds: redisPids.length > 0 ? redisCpuSeconds : undefined,
      otherCpuSeconds: Math.max(0, busySeconds - cpuSeconds - redisCpuSeconds - ownSeconds),
      uploadSeconds,
      polledSeconds: (polledAtMs - startedAtMs) / 1000,
      pollErrors,
      stageWorkers,
      failures: ours
        .filter((document) => document.status !== 'done')
        .map((document) => `${document.fileName}: ${document.error?.message ?? document.status}`),
    };
  } catch (error) {
    // fetch says only "fetch failed": add the cause and the processes' last words.
    const states = processes.map((service) => `--- ${service.label} (${service.exitCode === undefined ? 'running' : `exited ${service.exitCode}`}):\n${service.tail(800)}`);
    throw new Error(`${describeError(error)}\n${states.join('\n')}`, { cause: error });
  } finally {
    await cleanup();
    pendingCleanups.delete(cleanup);
  }
}

const sumPages = (inputs: StagedInput[]): number => inputs.reduce((sum, input) => sum + input.pages, 0);

/** A mode that could not be measured still gets a row, with why. */
export function failedMode(mode: ModeKey, error: unknown, expectedPages: number): ModeResult {
  return {
    mode,
    setup: '',
    processes: [],
    documents: 0,
    failed: 0,
    pages: 0,
    expectedPages,
    startupSeconds: 0,
    seconds: 0,
    pagesPerMinute: 0,
    cpuSeconds: 0,
    otherCpuSeconds: 0,
    failures: [],
    error: error instanceof Error ? error.message : String(error),
  };
}
