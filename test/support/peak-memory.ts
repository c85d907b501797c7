/**
 * Wall time and memory of one piece of work in this process, for the hostile-file limits. RSS
 * covers the whole process, worker threads (the pdf.js renderer) included. It is sampled every
 * few milliseconds while the work runs, and the kernel's own high-water mark (maxRSS, the peak
 * of the process so far) is read at the end, so a spike between samples is still counted.
 */
export interface Measured<T> {
  outcome: { value: T } | { error: unknown };
  seconds: number;
  /** Highest sampled RSS while the work ran, in MB. */
  peakRssMb: number;
  /** The process's peak RSS since it started, in MB (ru_maxrss). */
  processMaxRssMb: number;
}

const MB = 1024 * 1024;

export async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const started = performance.now();
  let outcome: Measured<T>['outcome'];
  try {
    outcome = { value: await work() };
  } catch (error) {
    outcome = { error };
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { outcome, seconds, peakRssMb: peak / MB, processMaxRssMb: (process.resourceUsage().maxRSS * 1024) / MB };
}

/** The error a measured piece of work threw, or undefined if it succeeded. */
export function thrownBy<T>(measured: Measured<T>): (Error & { code?: string; retryable?: boolean }) | undefined {
  return 'error' in measured.outcome ? (measured.outcome.error as Error & { code?: string }) : undefined;
}
