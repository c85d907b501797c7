import { readdirSync, readFileSync } from 'node:fs';

/** Linux's process table (/proc), for tests that check which processes are left running. */

/** The pids whose parent is `pid`. */
export function childProcessesOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => procStat(Number(entry))?.ppid === pid)
    .map(Number);
}

/** Running: neither gone nor a zombie left for a reaper (its work has stopped either way). */
export function isRunning(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    // "pid (comm) state ppid …"; comm may hold spaces and brackets, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}
