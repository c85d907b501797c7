import { readFileSync, readdirSync } from 'node:fs';
import { childPids } from './process-tree-memory.ts';

/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on x86 and arm. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, every thread) a live process has used so far; undefined once it is gone. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name field is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]); // field 14 of the whole line
    const system = Number(fields[12]); // field 15
    return (user + system) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export interface ProcessMemory {
  /** VmHWM: the process's own peak resident set since it started. */
  peakRssKb: number;
  rssKb: number;
}

export function processMemory(pid: number): ProcessMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { peakRssKb: field('VmHWM'), rssKb: field('VmRSS') };
  } catch {
    return undefined;
  }
}

function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * The process doing the work under a spawned `node src/cli/recto.js …`. On Linux recto.js runs
 * itself again with MALLOC_ARENA_MAX=2 unless that is already set, and the first process then
 * only waits: follow it down to its node child. (The bench sets MALLOC_ARENA_MAX=2 itself, so
 * normally the spawned process is the worker; tsx's esbuild helper is never it.)
 */
export function workingPid(spawnedPid: number): number {
  let pid = spawnedPid;
  for (let depth = 0; depth < 3; depth++) {
    const child = childPids(pid).find((candidate) => processName(candidate) === 'node');
    if (child === undefined) break;
    pid = child;
  }
  return pid;
}

/**
 * The redis-server listening on `port`, if it runs on this machine (it names itself
 * `redis-server 127.0.0.1:6379`): its CPU during a queue run is part of the queue's cost, not
 * other people's load.
 */
export function redisServerPids(port: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || processName(Number(entry)) !== 'redis-server') continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (title.includes(`:${port}`)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

export const sumCpuSeconds = (pids: number[]): number => pids.reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? 0), 0);
