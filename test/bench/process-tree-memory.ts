import { readFileSync, readdirSync } from 'node:fs';

/** One process seen while sampling. */
export interface ProcessSample {
  pid: number;
  name: string;
  rssKb: number;
  /** VmHWM: the process's own RSS high-water mark, which catches spikes between samples. */
  hwmKb: number;
}

function readStatus(pid: number): ProcessSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?';
    return { pid, name, rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return undefined; // exited between listing and reading
  }
}

/** Direct children of a process, from /proc (empty once it is gone). */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) children.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // process gone
  }
  return children;
}

/** The root and all its descendants, breadth first, with their depth below the root. */
function processTree(rootPid: number): Array<{ pid: number; depth: number }> {
  const tree: Array<{ pid: number; depth: number }> = [];
  const queue = [{ pid: rootPid, depth: 0 }];
  for (let next = queue.shift(); next; next = queue.shift()) {
    tree.push(next);
    for (const child of childPids(next.pid)) queue.push({ pid: child, depth: next.depth + 1 });
  }
  return tree;
}

export interface TreeMemoryPeak {
  /** Highest sum of VmRSS over the counted processes at one sampling instant. */
  peakTreeRssKb: number;
  /** Highest VmHWM of any single counted process. */
  peakProcessHwmKb: number;
  /** Per process name, the highest VmHWM seen: shows where the memory went. */
  peakByName: Record<string, number>;
}

/**
 * Polls /proc every `intervalMs` for the process tree under `rootPid` and keeps the high-water
 * marks. `counts` filters out the bench's own plumbing (the `time` wrapper, driver scripts)
 * so only the engine's processes are summed.
 */
export class ProcessTreeMemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private peak: TreeMemoryPeak = { peakTreeRssKb: 0, peakProcessHwmKb: 0, peakByName: {} };

  constructor(
    private readonly rootPid: number,
    private readonly counts: (sample: ProcessSample, depth: number) => boolean,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): TreeMemoryPeak {
    if (this.timer) clearInterval(this.timer);
    return this.peak;
  }

  private sample(): void {
    let sum = 0;
    for (const { pid, depth } of processTree(this.rootPid)) {
      const sample = readStatus(pid);
      if (!sample || !this.counts(sample, depth)) continue;
      sum += sample.rssKb;
      this.peak.peakProcessHwmKb = Math.max(this.peak.peakProcessHwmKb, sample.hwmKb);
      this.peak.peakByName[sample.name] = Math.max(this.peak.peakByName[sample.name] ?? 0, sample.hwmKb);
    }
    this.peak.peakTreeRssKb = Math.max(this.peak.peakTreeRssKb, sum);
  }
}
