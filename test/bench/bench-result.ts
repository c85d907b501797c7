import type { DatasetName } from './bench-item.ts';
import type { EngineKey } from './engines.ts';
import type { EngineRunResult } from './engine-run.ts';
import type { ItemScore, ScoreSummary } from './scoring.ts';

/** One engine on one dataset: measurements and scores. This is what ocr-bench.json holds. */
export interface EngineDatasetResult {
  dataset: DatasetName;
  engineKey: EngineKey;
  engineName: string;
  setup: string;
  wallSeconds: number;
  pagesPerMinute: number;
  /** CPU seconds per page of the engine's tree (GNU time %U+%S). */
  cpuSecondsPerPage?: number;
  /** Cores' worth of CPU that other processes used during the run (0 = the machine was ours). */
  otherCoresBusy?: number;
  /** Highest sum of RSS over the engine's processes at one 100 ms sample. */
  peakTreeRssMb: number;
  /** Highest VmHWM of one engine process, from the same poll. */
  peakProcessRssMb: number;
  /** GNU time %M: max RSS of the largest process in the tree, bench driver included (c, d). */
  gnuTimeMaxRssMb?: number;
  peakRssByProcessNameMb: Record<string, number>;
  exitCode: number;
  summary: ScoreSummary;
  items: ItemScore[];
  failures: Record<string, string>;
  engineStdoutSummary?: unknown;
  stderrTail: string;
}

const toMb = (kb: number): number => Math.round(kb / 1024);

export function toEngineDatasetResult(
  dataset: DatasetName,
  engineKey: EngineKey,
  setup: string,
  run: EngineRunResult,
  items: ItemScore[],
  summary: ScoreSummary,
): EngineDatasetResult {
  return {
    dataset,
    engineKey,
    engineName: run.engine,
    setup,
    wallSeconds: run.wallSeconds,
    pagesPerMinute: (summary.pages / run.wallSeconds) * 60,
    cpuSecondsPerPage: run.cpuSeconds === undefined ? undefined : run.cpuSeconds / summary.pages,
    otherCoresBusy: run.otherCpuSeconds === undefined ? undefined : run.otherCpuSeconds / run.wallSeconds,
    peakTreeRssMb: toMb(run.memory.peakTreeRssKb),
    peakProcessRssMb: toMb(run.memory.peakProcessHwmKb),
    gnuTimeMaxRssMb: run.timeMaxRssKb === undefined ? undefined : toMb(run.timeMaxRssKb),
    peakRssByProcessNameMb: Object.fromEntries(Object.entries(run.memory.peakByName).map(([name, kb]) => [name, toMb(kb)])),
    exitCode: run.exitCode,
    summary,
    items,
    failures: run.failures,
    engineStdoutSummary: run.summary,
    stderrTail: run.stderrTail,
  };
}
