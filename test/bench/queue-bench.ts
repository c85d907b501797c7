/**
 * `npm run bench:queue`: pages per minute through the capture queue with 1 and 2 worker
 * processes against the in-process `recto scan` on the same pages, in one run. The issue's
 * targets: queue overhead ≤ 10 % (queue, 1 process vs scan, 1 OCR worker) and 2 processes
 * ≥ 1.7× one on 2 cores. See queue-options.ts for flags; results go to .bench-out/queue-bench.{json,md}.
 *
 * Every mode gets the same files in the same order, one mode at a time (never two at once:
 * they would steal each other's cores). The clock excludes start-up on both sides: it starts
 * when tesseract is ready (scan) or at the first upload once every process says it is ready
 * (queue), and stops when the last document is done.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { basename, join, parse, resolve } from 'node:path';
import type { BenchItem } from './bench-item.ts';
import { loadSamplesDataset } from './datasets-samples.ts';
import { parseQueueBenchOptions, type ModeKey } from './queue-options.ts';
import { stageInputs } from './queue-inputs.ts';
import { failedMode, pendingCleanups, probeApiOnly, runQueueMode, runScanMode, type ModeResult } from './queue-modes.ts';
import { computeChecks, formatMarkdownReport, formatTextReport } from './queue-report.ts';
import { QueueInspector } from './queue-service.ts';

const options = parseQueueBenchOptions(process.argv.slice(2));
const outRoot = resolve(options.outDir);
const startedAt = new Date();
const stagingDir = await mkdtemp(join(os.tmpdir(), 'recto-qbench-inputs-'));

let interrupted = false;
async function cleanUpEverything(): Promise<void> {
  for (const cleanup of [...pendingCleanups]) await cleanup().catch(() => undefined);
  if (!options.keep) await rm(stagingDir, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n[bench] ${signal}: stopping the processes, removing queues and temporary folders…`);
    void cleanUpEverything().finally(() => process.exit(130));
  });
}

function selectSamples(items: BenchItem[]): BenchItem[] {
  if (options.only) {
    const wanted = new Set(options.only);
    const chosen = items.filter((item) => wanted.has(item.id) || wanted.has(basename(item.sourcePath)));
    const known = new Set(items.flatMap((item) => [item.id, basename(item.sourcePath)]));
    const unknown = options.only.filter((name) => !known.has(name));
    if (unknown.length > 0) throw new Error(`--only: no sample ${unknown.join(', ')}`);
    return chosen;
  }
  return options.limit === undefined ? items : items.slice(0, options.limit);
}

const packageVersion = (name: string): string => {
  const path = resolve('node_modules', name, 'package.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version : 'missing';
};

const samples = selectSamples(await loadSamplesDataset());
if (samples.length === 0) throw new Error('no samples (is samples/expected/manifest.json there?)');
const inputs = await stageInputs(samples, options.repeat, stagingDir);
const totalPages = inputs.reduce((sum, input) => sum + input.pages, 0);

const queueModes = options.modes.filter((mode) => mode.startsWith('queue'));
let redisVersion = 'not used';
let probe: Awaited<ReturnType<typeof probeApiOnly>> | undefined;
if (queueModes.length > 0) {
  const inspector = new QueueInspector(options.redisUrl, `recto-qbench-ping-${process.pid}`);
  redisVersion = await inspector.redisVersion();
  await inspector.close();
  if (options.layout === 'auto') {
    process.stderr.write('[bench] does `recto serve` with OCR_WORKERS=0 run the API alone? starting one to see…\n');
    probe = await probeApiOnly(options.redisUrl);
  }
}
const apiOnly = probe?.apiOnly ?? false;

const setupLines = [
  `inputs: ${inputs.length} files (${samples.length} sample${samples.length === 1 ? '' : 's'} × ${options.repeat}), ${totalPages} pages, the same files in the same order for every mode;` +
    ' copies after the first carry a PNG tEXt chunk / JPEG COM segment / PDF comment after %%EOF / TIFF trailing bytes so every SHA-256 differs',
  'clock: excludes start-up on both sides (node, tsx, tesseract init, Redis connections: shown as "start-up s"); ' +
    'scan: from tesseract ready to the last outputs written; queue: from the first upload (every process ready) to the last document done (its updatedAt)',
  `machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average at start ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`,
  `versions: node ${process.version}, tesseract.js ${packageVersion('tesseract.js')}, bullmq ${packageVersion('bullmq')}, redis ${redisVersion}`,
  queueModes.length === 0
    ? 'process layout: no queue mode run'
    : probe
      ? `process layout: OCR_WORKERS=0 ${apiOnly ? 'runs the API alone: queue modes use an API-only process plus N `recto worker` processes' : `is not "API only" yet (that serve opened ${JSON.stringify(probe.counts)} stage workers): queue-1 is \`recto serve\` (API + workers), queue-2 adds one \`recto worker\``}`
      : 'process layout (--layout serve): queue-1 is `recto serve` with OCR_WORKERS=1 (API + workers), queue-2 adds one `recto worker`',
  'other load: CPU seconds the rest of the machine used per second of the window (other people\'s tests; redis-server is counted with the queue, not here)',
  'CPU s/page: Recto processes only (every thread), inside the window; peak RSS: each process\'s VmHWM at the end (start-up included)',
];

const results: ModeResult[] = [];
const runners: Record<ModeKey, () => Promise<ModeResult>> = {
  'scan-1': () => runScanMode('scan-1', 1, inputs, options),
  'queue-1': () => runQueueMode('queue-1', 1, apiOnly, inputs, options),
  'queue-2': () => runQueueMode('queue-2', 2, apiOnly, inputs, options),
  'scan-2': () => runScanMode('scan-2', 2, inputs, options),
};
for (const mode of options.modes) {
  if (interrupted) break;
  process.stderr.write(`[bench] ${mode}: ${inputs.length} files, ${totalPages} pages…\n`);
  let result: ModeResult;
  try {
    result = await runners[mode]();
    process.stderr.write(
      `[bench] ${mode}: ${result.pages} pages in ${result.seconds.toFixed(1)} s = ${result.pagesPerMinute.toFixed(1)} pages/min (start-up ${result.startupSeconds.toFixed(1)} s)\n`,
    );
  } catch (error) {
    result = failedMode(mode, error, totalPages);
    process.stderr.write(`[bench] ${mode} failed: ${result.error}\n`);
  }
  results.push(result);
}
if (interrupted) await new Promise(() => undefined); // the signal handler exits

const checks = computeChecks(results);
const notes: string[] = [];
if (os.availableParallelism() !== 2) notes.push(`the scaling target is stated for 2 cores; this machine has ${os.availableParallelism()}`);
if (!apiOnly && queueModes.length > 0) {
  notes.push(
    `${probe ? 'OCR_WORKERS=0 (API-only process) is not supported by this Recto' : '--layout serve'}: the queue-1 process also serves the API (uploads and status polls share its event loop with the stage workers), and in queue-2 one of the two worker processes is that one`,
  );
}
const busy = results.filter((result) => !result.error && result.seconds > 0 && result.otherCpuSeconds / result.seconds > 0.25);
if (busy.length > 0) {
  notes.push(
    `other processes used over a quarter of a core during ${busy.map((result) => result.mode).join(', ')}: those pages/min are pessimistic; compare CPU s/page, or run again on a quiet machine`,
  );
}
for (const result of results) {
  if (result.pollErrors) notes.push(`${result.mode}: ${result.pollErrors} status poll(s) failed and were retried`);
  if (!result.error && result.pages !== result.expectedPages) notes.push(`${result.mode} finished ${result.pages} of ${result.expectedPages} pages`);
}
if (totalPages < 16) notes.push(`only ${totalPages} pages: a smoke run, not a measurement (the full run is --repeat 2 over all samples)`);

const context = { setupLines, notes };
console.log(`\n${formatTextReport(results, checks, context)}`);

const totalSeconds = (Date.now() - startedAt.getTime()) / 1000;
await mkdir(outRoot, { recursive: true });
const jsonPath = join(outRoot, 'queue-bench.json');
const markdownPath = join(outRoot, 'queue-bench.md');
await writeFile(
  jsonPath,
  JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      totalSeconds,
      options,
      machine: { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model, loadAverageAtStart: os.loadavg(), totalMemoryMb: Math.round(os.totalmem() / 2 ** 20) },
      versions: { node: process.version, 'tesseract.js': packageVersion('tesseract.js'), bullmq: packageVersion('bullmq'), redis: redisVersion },
      layout: { apiOnly, probeStageWorkers: probe?.counts },
      inputs: inputs.map((input) => ({ ...input, path: parse(input.path).base })),
      results,
      checks,
      notes,
    },
    null,
    2,
  ),
);
await writeFile(markdownPath, formatMarkdownReport(results, checks, context));
await cleanUpEverything();
if (options.keep) console.log(`\nKept the inputs in ${stagingDir}, and each mode's folder under ${os.tmpdir()}/recto-qbench-<mode>-*.`);
console.log(`\nWhole bench: ${totalSeconds.toFixed(0)} s. Results: ${jsonPath}, ${markdownPath}`);
