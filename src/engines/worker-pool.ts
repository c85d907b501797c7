/**
 * A fixed set of reusable workers handed out one job at a time. Unlike tesseract.js's own
 * scheduler, it lets the caller time the work itself, not the wait for a free worker, so the
 * sidecar's OCR timings mean engine time.
 */
export class WorkerPool<Worker> {
  private readonly idle: Worker[];
  private readonly waiting: Array<(worker: Worker) => void> = [];

  constructor(workers: Worker[]) {
    this.idle = [...workers];
  }

  async run<Result>(job: (worker: Worker) => Promise<Result>): Promise<Result> {
    const worker = await this.acquire();
    try {
      return await job(worker);
    } finally {
      this.release(worker);
    }
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.pop();
    if (worker !== undefined) return Promise.resolve(worker);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }
}
