import { readFileSync } from 'node:fs';

/** Busy CPU time of the whole machine so far, in seconds (all cores, from /proc/stat). */
export function machineBusySeconds(): number {
  const cpuLine = readFileSync('/proc/stat', 'utf8').split('\n')[0]; // "cpu  user nice system idle iowait irq softirq steal …"
  const fields = cpuLine.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  const clockTicksPerSecond = 100; // USER_HZ is 100 on Linux x86/arm
  return (user + nice + system + irq + softirq + (steal ?? 0)) / clockTicksPerSecond;
}
