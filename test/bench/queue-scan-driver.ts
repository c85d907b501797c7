/**
 * The in-process side of `npm run bench:queue`: `recto scan`'s own code path (configureImageMemory,
 * parseScanOptions, scanBatch with createTesseractEngine, as src/cli/scan-command.ts runs it),
 * minus the progress bars, with the moments tesseract is ready and the batch is done recorded so
 * the clock can start after start-up, exactly as it does for the queue.
 *
 * Run as `node --import tsx test/bench/queue-scan-driver.ts <job.json>` with MALLOC_ARENA_MAX=2
 * (what recto.js sets). Writes its result to job.resultPath.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseScanOptions } from '../../src/core/config.ts';
import { configureImageMemory } from '../../src/core/image-memory.ts';
import { createTesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { scanBatch } from '../../src/runners/scan-batch.ts';
import { machineBusySeconds } from './cpu-contention.ts';
import { processMemory } from './queue-procs.ts';

export interface ScanDriverJob {
  inputs: string[];
  outDir: string;
  workers: number;
  resultPath: string;
}

export interface ScanDriverResult {
  /** Date.now() when the tesseract pool was ready (the clock starts). */
  readyAtMs: number;
  /** Date.now() when the last document's outputs were written (scanBatch closing the engine). */
  doneAtMs: number;
  /** This process's CPU seconds (all threads) between the two. */
  cpuSeconds: number;
  /** The whole machine's busy CPU seconds between the two. */
  machineBusySeconds: number;
  peakRssKb?: number;
  documents: number;
  failed: number;
  pages: number;
  /** scanBatch's own figure: includes listing inputs, tesseract start-up and close. */
  batchElapsedMs: number;
  failures: string[];
}

const cpuNow = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ScanDriverJob;
configureImageMemory(); // src/cli/main.ts does this before any command
const options = parseScanOptions({ outDir: job.outDir, workers: job.workers });

let readyAtMs = 0;
let doneAtMs = 0;
let cpuAtReady = 0;
let cpuAtDone = 0;
let busyAtReady = 0;
let busyAtDone = 0;
const summary = await scanBatch(job.inputs, options, async (workers) => {
  const engine = await createTesseractEngine({ workers });
  readyAtMs = Date.now();
  cpuAtReady = cpuNow();
  busyAtReady = machineBusySeconds();
  const close = engine.close.bind(engine);
  engine.close = () => {
    doneAtMs = Date.now();
    cpuAtDone = cpuNow();
    busyAtDone = machineBusySeconds();
    return close();
  };
  return engine;
});

const result: ScanDriverResult = {
  readyAtMs,
  doneAtMs,
  cpuSeconds: cpuAtDone - cpuAtReady,
  machineBusySeconds: busyAtDone - busyAtReady,
  peakRssKb: processMemory(process.pid)?.peakRssKb,
  documents: summary.documents,
  failed: summary.failed,
  pages: summary.pages,
  batchElapsedMs: summary.elapsedMs,
  failures: summary.results.flatMap((outcome) => (outcome.status === 'failed' ? [`${outcome.fileName}: ${outcome.error.message}`] : [])),
};
writeFileSync(job.resultPath, JSON.stringify(result, null, 2));
