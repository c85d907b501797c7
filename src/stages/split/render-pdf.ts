import { RectoError } from '../../core/errors.ts';
import type { RawPage } from '../../core/types.ts';
import { PdfThread, type ThreadError } from './pdf-thread.ts';

/**
 * Renders PDF pages to pixels with pdf.js (Mozilla, Apache-2.0, maintained, pure JS + a
 * prebuilt canvas, so no Ghostscript/poppler binary at run time). mupdf renders faster but is
 * AGPL; poppler would be a system dependency. pdf.js runs in its own worker thread (see
 * pdf-render-thread.mjs and pdf-thread.ts), started only when a page needs rendering and ended
 * with the document, under a heap limit, a time limit per page and the pixel limit.
 */

/** Below this a rendered page is not legible anyway. */
const MIN_RENDER_DPI = 30;
/** Rendered pages are RGBA: 35 Mpx (A3 at 400 dpi) is ~140 MB already, so posters go lower. */
const MAX_RENDER_PIXELS = 35_000_000;

export interface PdfRenderOptions {
  dpi: number;
  maxPixels: number;
  /** Rendering each page must finish within this (default 60 s). */
  pageTimeoutMs?: number;
  /** The render thread's heap limit in MB (default 256). */
  heapMb?: number;
}

export class PdfJsDocument {
  private constructor(
    private readonly thread: PdfThread,
    readonly numPages: number,
  ) {}

  static async open(data: Buffer, fileName: string, options: Omit<PdfRenderOptions, 'dpi'>): Promise<PdfJsDocument> {
    const thread = new PdfThread(fileName, {
      maxImagePixels: options.maxPixels,
      maxCanvasBytes: Math.min(options.maxPixels, MAX_RENDER_PIXELS) * 4,
      pageTimeoutMs: options.pageTimeoutMs,
      heapMb: options.heapMb,
    });
    try {
      const { pages } = await thread.request<{ pages: number }>({ type: 'open', data: new Uint8Array(data) }, 'opening the PDF', false);
      return new PdfJsDocument(thread, pages);
    } catch (error) {
      await thread.terminate();
      throw error;
    }
  }

  request<Result>(message: Record<string, unknown>, what: string): Promise<Result> {
    return this.thread.request<Result>(message, what);
  }

  async destroy(): Promise<void> {
    await this.thread.terminate();
  }
}

function classifyPdfJsError(error: unknown, fileName: string): RectoError {
  if (error instanceof RectoError) return error;
  const { name = '', message = String(error) } = (error ?? {}) as Partial<ThreadError>;
  if (name === 'PasswordException') {
    return new RectoError('PDF_ENCRYPTED', `${fileName}: the PDF needs a password to open`, { cause: error });
  }
  if (name === 'ImageTooLargeException') {
    return new RectoError('IMAGE_TOO_LARGE', `${fileName}: ${message}`, { cause: error });
  }
  return new RectoError('CORRUPT_PDF', `${fileName}: the PDF cannot be read (${message})`, { cause: error });
}

/** Opens a PDF with pdf.js, turning its failures into typed errors. */
export async function openWithPdfJs(data: Buffer, fileName: string, options: Omit<PdfRenderOptions, 'dpi'>): Promise<PdfJsDocument> {
  try {
    return await PdfJsDocument.open(data, fileName, options);
  } catch (error) {
    throw classifyPdfJsError(error, fileName);
  }
}

/** Renders one page (zero-based) at the requested dpi, or lower if the page is poster-sized. */
export async function renderPdfPage(document: PdfJsDocument, index: number, fileName: string, options: PdfRenderOptions): Promise<RawPage> {
  const pageNumber = index + 1;
  try {
    const size = await document.request<{ width: number; height: number }>({ type: 'size', pageNumber }, `measuring page ${pageNumber}`);
    const areaSquareInches = (size.width * size.height) / (72 * 72);
    const dpi = Math.min(options.dpi, Math.floor(Math.sqrt(Math.min(options.maxPixels, MAX_RENDER_PIXELS) / areaSquareInches)));
    if (dpi < MIN_RENDER_DPI) {
      throw new RectoError('IMAGE_TOO_LARGE', `${fileName}: page ${pageNumber} is too large to render legibly`);
    }
    const rendered = await document.request<{ width: number; height: number; pixels: Uint8Array }>(
      { type: 'render', pageNumber, dpi },
      `rendering page ${pageNumber}`,
    );
    return {
      index,
      pixels: Buffer.from(rendered.pixels.buffer, rendered.pixels.byteOffset, rendered.pixels.byteLength),
      width: rendered.width,
      height: rendered.height,
      channels: 4,
      dpi,
      dpiX: dpi,
      dpiY: dpi,
      bilevel: false,
    };
  } catch (error) {
    throw classifyPdfJsError(error, fileName);
  }
}
