import { Worker } from 'node:worker_threads';
import { RectoError } from '../../core/errors.ts';

/**
 * The pdf.js worker thread (pdf-render-thread.mjs) seen from the caller: requests and replies
 * by id, a heap limit, and a time limit per request. A request over its time or a thread out
 * of memory ends the thread (the only way to stop pdf.js mid-page) and every pending request
 * fails with PDF_TOO_COMPLEX: a hostile page costs one page's limit, never the process.
 */

/**
 * pdf.js's own objects (parsed content, fonts) live on this heap; decoded images and the canvas
 * are native memory, bounded by maxImageSize and the render size instead. Real scanner and
 * letter PDFs use well under 100 MB.
 */
export const PDF_THREAD_HEAP_MB = 256;
/** Generous for a 35 Mpx page of dense vector drawing on a busy machine; a hang is stopped here. */
export const DEFAULT_PDF_PAGE_TIMEOUT_MS = 60_000;

export interface PdfThreadLimits {
  /** Images larger than this are refused (IMAGE_TOO_LARGE) instead of decoded. */
  maxImagePixels: number;
  /** The largest canvas a page may be rendered to, in bytes (RGBA). */
  maxCanvasBytes: number;
  /** Rendering one page must finish within this (default 60 s); opening the file always has 60 s. */
  pageTimeoutMs?: number;
  /** The thread's heap limit (default PDF_THREAD_HEAP_MB). */
  heapMb?: number;
}

/** A failure the thread reported: pdf.js's exception name and message. */
export interface ThreadError {
  name: string;
  message: string;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: ThreadError | RectoError): void;
  timer: NodeJS.Timeout;
}

export class PdfThread {
  private nextId = 0;
  private readonly pending = new Map<number, Waiter>();
  /** Set once the thread is gone: later requests fail with it at once. */
  private ended: RectoError | undefined;
  private readonly thread: Worker;
  private readonly heapMb: number;

  constructor(
    private readonly fileName: string,
    private readonly limits: PdfThreadLimits,
  ) {
    this.heapMb = limits.heapMb ?? PDF_THREAD_HEAP_MB;
    this.thread = new Worker(new URL('./pdf-render-thread.mjs', import.meta.url), {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: Math.min(32, this.heapMb / 4) },
      workerData: { maxImageSize: limits.maxImagePixels, canvasMaxAreaInBytes: limits.maxCanvasBytes },
    });
    this.thread.on('message', (reply: { id: number; result?: unknown; error?: ThreadError }) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      clearTimeout(waiter.timer);
      if (reply.error) waiter.reject(reply.error);
      else waiter.resolve(reply.result);
    });
    this.thread.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const why = outOfMemory ? `needs more than the ${this.heapMb} MB allowed to render it` : `stopped the renderer (${error.message})`;
      this.end(new RectoError('PDF_TOO_COMPLEX', `${fileName}: the PDF ${why}`, { cause: error }));
    });
    this.thread.on('exit', () => this.end(new RectoError('PDF_TOO_COMPLEX', `${fileName}: the PDF renderer stopped unexpectedly`)));
  }

  /** `perPage`: the request works on one page, so the page time limit applies. */
  request<Result>(message: Record<string, unknown>, what: string, perPage = true): Promise<Result> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    const timeoutMs = (perPage && this.limits.pageTimeoutMs) || DEFAULT_PDF_PAGE_TIMEOUT_MS;
    return new Promise<Result>((resolve, reject) => {
      const timer = setTimeout(() => {
        const error = new RectoError('PDF_TOO_COMPLEX', `${this.fileName}: ${what} took longer than ${timeoutMs} ms`);
        this.end(error);
        void this.thread.terminate();
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.thread.postMessage({ ...message, id });
    });
  }

  async terminate(): Promise<void> {
    this.ended ??= new RectoError('PDF_TOO_COMPLEX', `${this.fileName}: the PDF renderer was closed`);
    await this.thread.terminate();
  }

  private end(error: RectoError): void {
    this.ended ??= error;
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(this.ended);
    }
    this.pending.clear();
  }
}
