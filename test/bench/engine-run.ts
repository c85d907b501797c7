import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchItem } from './bench-item.ts';
import { FAILURES_FILE, writeJobFile, type DriverFailure, type DriverJob } from './driver-job.ts';
import type { EngineDefinition } from './engines.ts';
import type { OcrmypdfImageNeeds } from './image-probe.ts';
import { runMeasured, type MeasuredResult } from './measured-run.ts';

export interface EngineRunResult {
  engine: string;
  wallSeconds: number;
  exitCode: number;
  timeMaxRssKb?: number;
  cpuSeconds?: number;
  otherCpuSeconds?: number;
  memory: MeasuredResult['memory'];
  /** Text per item id; undefined when the engine produced nothing for it. */
  texts: Record<string, string | undefined>;
  failures: Record<string, string>;
  /** What the engine printed on stdout, parsed when it is JSON (recto's --json summary). */
  summary?: unknown;
  stderrTail: string;
}

async function readFailures(outDir: string): Promise<Record<string, string>> {
  const path = join(outDir, FAILURES_FILE);
  if (!existsSync(path)) return {};
  const failures: Record<string, string> = {};
  for (const line of (await readFile(path, 'utf8')).split('\n').filter(Boolean)) {
    const failure = JSON.parse(line) as DriverFailure;
    failures[failure.id] = failures[failure.id] ? `${failures[failure.id]}; ${failure.message}` : failure.message;
  }
  return failures;
}

function parseJson(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return { unparsedStdout: text.slice(-4000) };
  }
}

/** Runs one engine over one dataset's staged inputs in a fresh output folder, and collects its text. */
export async function runEngine(input: {
  engine: EngineDefinition;
  items: BenchItem[];
  staged: Map<string, string>;
  imageNeeds: Map<string, OcrmypdfImageNeeds>;
  workDir: string;
  workers: number;
}): Promise<EngineRunResult> {
  const { engine, items, staged, imageNeeds, workDir, workers } = input;
  const outDir = join(workDir, 'out');
  const scratchDir = join(workDir, 'scratch');
  await rm(workDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await mkdir(scratchDir, { recursive: true });

  const job: DriverJob = {
    items: items.map((item) => {
      const stagedPath = staged.get(item.id) as string;
      return { id: item.id, input: stagedPath, ...imageNeeds.get(stagedPath) };
    }),
    outDir,
    scratchDir,
    workers,
  };
  const jobPath = join(workDir, 'job.json');
  await writeJobFile(jobPath, job);

  const measured = await runMeasured(
    engine.command({ jobPath, stagedFiles: job.items.map((item) => item.input), outDir, workers }),
  );

  const failures = await readFailures(outDir);
  const texts: Record<string, string | undefined> = {};
  for (const item of items) {
    const path = join(outDir, `${item.id}.txt`);
    texts[item.id] = existsSync(path) ? await readFile(path, 'utf8') : undefined;
    if (texts[item.id] === undefined && !failures[item.id]) {
      failures[item.id] = `no ${item.id}.txt written (exit ${measured.exitCode})`;
    }
  }
  await rm(scratchDir, { recursive: true, force: true });
  return {
    engine: engine.name,
    wallSeconds: measured.wallSeconds,
    exitCode: measured.exitCode,
    timeMaxRssKb: measured.timeMaxRssKb,
    cpuSeconds: measured.cpuSeconds,
    otherCpuSeconds: measured.otherCpuSeconds,
    memory: measured.memory,
    texts,
    failures,
    summary: parseJson(measured.stdout),
    stderrTail: measured.stderr.slice(-3000),
  };
}
