import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineBusySeconds } from './cpu-contention.ts';
import { ProcessTreeMemorySampler, type ProcessSample, type TreeMemoryPeak } from './process-tree-memory.ts';

const GNU_TIME = '/usr/bin/time';

export interface MeasuredCommand {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Which processes of the tree are the engine (depth 0 is the `time` wrapper itself). */
  countsAsEngine: (process: ProcessSample, depth: number) => boolean;
}

export interface MeasuredResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  wallSeconds: number;
  /** GNU time's %M: max RSS of the largest single process waited for (not a sum over the tree). */
  timeMaxRssKb?: number;
  /** GNU time's %U + %S: CPU seconds of the tree (bench driver included), immune to contention. */
  cpuSeconds?: number;
  /**
   * CPU seconds other processes on the machine used during the run (machine busy time minus ours).
   * Other engineers run tests on the same 2 cores: a large value means the wall time is inflated.
   */
  otherCpuSeconds?: number;
  memory: TreeMemoryPeak;
}

/**
 * Runs one engine as a child process tree and measures wall time (spawn to exit, so start-up
 * counts for every engine alike) and peak memory two ways: GNU time's %M, and a /proc poll
 * that sums the tree, since %M alone misses that two parallel tesseracts need twice the RAM.
 */
export async function runMeasured(spec: MeasuredCommand): Promise<MeasuredResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'recto-bench-time-'));
  const timeFile = join(scratch, 'maxrss');
  const useGnuTime = existsSync(GNU_TIME);
  const [command, args] = useGnuTime
    ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, spec.command, ...spec.args]]
    : [spec.command, spec.args];
  // Without the time wrapper the engine itself is the root: shift depths so filters stay valid.
  const depthOffset = useGnuTime ? 0 : 1;

  const busyBefore = machineBusySeconds();
  const started = performance.now();
  const child = spawn(command, args, { env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler = new ProcessTreeMemorySampler(child.pid as number, (p, depth) => spec.countsAsEngine(p, depth + depthOffset));
  sampler.start();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exitCode = await new Promise<number>((resolveExit, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const memory = sampler.stop();
  const busyDuring = machineBusySeconds() - busyBefore;

  let timeMaxRssKb: number | undefined;
  let cpuSeconds: number | undefined;
  if (useGnuTime && existsSync(timeFile)) {
    // The file may start with "Command exited with non-zero status N".
    const lines = (await readFile(timeFile, 'utf8')).trim().split('\n');
    const [maxRss, user, system] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
    if (Number.isFinite(maxRss)) timeMaxRssKb = maxRss;
    if (Number.isFinite(user) && Number.isFinite(system)) cpuSeconds = user + system;
  }
  await rm(scratch, { recursive: true, force: true });
  return {
    exitCode,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
    wallSeconds,
    timeMaxRssKb,
    cpuSeconds,
    // Our own sampler and this process cost a little too; it stays inside the noise.
    otherCpuSeconds: cpuSeconds === undefined ? undefined : Math.max(0, busyDuring - cpuSeconds),
    memory,
  };
}
