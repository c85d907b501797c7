import { Worker } from 'node:worker_threads';
import { RectoError } from '../core/errors.ts';
import type { RawPage } from '../core/types.ts';

/**
 * Renders PDF pages to pixels with pdf.js (Mozilla, Apache-2.0, maintained, pure JS + a
 * prebuilt canvas, so no Ghostscript/poppler binary at run time). mupdf renders faster but is
 * AGPL; poppler would be a system dependency. pdf.js runs in its own worker thread (see
 * pdf-render-thread.mjs), started only when a page needs rendering and ended with the document.
 */

/** Below this a rendered page is not legible anyway. */
const MIN_RENDER_DPI = 30;
/** Rendered pages are RGBA: 35 Mpx (A3 at 400 dpi) is ~140 MB already, so posters go lower. */
const MAX_RENDER_PIXELS = 35_000_000;

export interface PdfRenderOptions {
  dpi: number;
  maxPixels: number;
}

interface ThreadError {
  name: string;
  message: string;
}

export class PdfJsDocument {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: never) => void; reject: (error: ThreadError) => void }>();

  private constructor(
    private readonly thread: Worker,
    readonly numPages: number,
  ) {}

  static async open(data: Buffer): Promise<PdfJsDocument> {
    const thread = new Worker(new URL('./pdf-render-thread.mjs', import.meta.url), { execArgv: [] });
    const opening = new PdfJsDocument(thread, 0);
    thread.on('message', (reply: { id: number; result?: never; error?: ThreadError }) => {
      const waiter = opening.pending.get(reply.id);
      opening.pending.delete(reply.id);
      if (reply.error) waiter?.reject(reply.error);
      else waiter?.resolve(reply.result as never);
    });
    thread.on('error', (error) => {
      for (const waiter of opening.pending.values()) waiter.reject({ name: 'Error', message: error.message });
      opening.pending.clear();
    });
    try {
      const { pages } = await opening.request<{ pages: number }>({ type: 'open', data: new Uint8Array(data) });
      (opening as { numPages: number }).numPages = pages;
      return opening;
    } catch (error) {
      await thread.terminate();
      throw error;
    }
  }

  request<Result>(message: Record<string, unknown>): Promise<Result> {
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.thread.postMessage({ ...message, id });
    });
  }

  async destroy(): Promise<void> {
    await this.thread.terminate();
  }
}

function classifyPdfJsError(error: unknown, fileName: string): RectoError {
  const { name = '', message = String(error) } = (error ?? {}) as Partial<ThreadError>;
  if (name === 'PasswordException') {
    return new RectoError('PDF_ENCRYPTED', `${fileName}: the PDF needs a password to open`, { cause: error });
  }
  return new RectoError('CORRUPT_PDF', `${fileName}: the PDF cannot be read (${message})`, { cause: error });
}

/** Opens a PDF with pdf.js, turning its failures into typed errors. */
export async function openWithPdfJs(data: Buffer, fileName: string): Promise<PdfJsDocument> {
  try {
    return await PdfJsDocument.open(data);
  } catch (error) {
    throw classifyPdfJsError(error, fileName);
  }
}

/** Renders one page (zero-based) at the requested dpi, or lower if the page is poster-sized. */
export async function renderPdfPage(document: PdfJsDocument, index: number, fileName: string, options: PdfRenderOptions): Promise<RawPage> {
  const pageNumber = index + 1;
  try {
    const size = await document.request<{ width: number; height: number }>({ type: 'size', pageNumber });
    const areaSquareInches = (size.width * size.height) / (72 * 72);
    const dpi = Math.min(options.dpi, Math.floor(Math.sqrt(Math.min(options.maxPixels, MAX_RENDER_PIXELS) / areaSquareInches)));
    if (dpi < MIN_RENDER_DPI) {
      throw new RectoError('IMAGE_TOO_LARGE', `${fileName}: page ${pageNumber} is too large to render legibly`);
    }
    const rendered = await document.request<{ width: number; height: number; pixels: Uint8Array }>({ type: 'render', pageNumber, dpi });
    return {
      index,
      pixels: Buffer.from(rendered.pixels.buffer, rendered.pixels.byteOffset, rendered.pixels.byteLength),
      width: rendered.width,
      height: rendered.height,
      channels: 4,
      dpi,
      bilevel: false,
    };
  } catch (error) {
    throw error instanceof RectoError ? error : classifyPdfJsError(error, fileName);
  }
}
