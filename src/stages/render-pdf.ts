import { RectoError } from '../core/errors.ts';
import type { RawPage } from '../core/types.ts';

/**
 * Renders PDF pages to pixels with pdf.js (Mozilla, Apache-2.0, maintained, pure JS + a
 * prebuilt canvas, so no Ghostscript/poppler binary at run time). mupdf renders faster but is
 * AGPL; poppler would be a system dependency. pdf.js costs ~400 MB of memory once loaded, so it
 * is imported only when a page actually needs rendering (see open-pdf.ts).
 */

// The legacy build is the one pdf.js supports on Node; it ships no types of its own at that path.
type PdfJs = typeof import('pdfjs-dist');
let pdfjsPromise: Promise<PdfJs> | undefined;
const loadPdfJs = (): Promise<PdfJs> =>
  (pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs' as string) as Promise<PdfJs>);

/** Below this a rendered page is not legible anyway. */
const MIN_RENDER_DPI = 30;
const MAX_RENDER_PIXELS = 35_000_000;

export interface PdfRenderOptions {
  dpi: number;
  maxPixels: number;
}

function classifyPdfJsError(error: unknown, fileName: string): RectoError {
  const name = (error as { name?: string })?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return new RectoError('PDF_ENCRYPTED', `${fileName}: the PDF needs a password to open`, { cause: error });
  }
  return new RectoError('CORRUPT_PDF', `${fileName}: the PDF cannot be read (${message})`, { cause: error });
}

/** Opens a PDF with pdf.js, turning its failures into typed errors. */
export async function openWithPdfJs(data: Buffer, fileName: string): Promise<PdfJsDocument> {
  const pdfjs = await loadPdfJs();
  try {
    return await pdfjs.getDocument({
      data: new Uint8Array(data),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    throw classifyPdfJsError(error, fileName);
  }
}

/** Renders one page (zero-based) at the requested dpi, or lower if the page is poster-sized. */
export async function renderPdfPage(
  document: PdfJsDocument,
  index: number,
  fileName: string,
  options: PdfRenderOptions,
): Promise<RawPage> {
  try {
    return await renderOnePage(document, index + 1, fileName, options);
  } catch (error) {
    throw error instanceof RectoError ? error : classifyPdfJsError(error, fileName);
  }
}

export type PdfJsDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

async function renderOnePage(
  document: PdfJsDocument,
  pageNumber: number,
  fileName: string,
  options: PdfRenderOptions,
): Promise<RawPage> {
  const page = await document.getPage(pageNumber);
  const unscaled = page.getViewport({ scale: 1 });
  // Pages are in points (1/72 in). A poster-sized page at 300 dpi would be a pixel bomb: lower the dpi instead.
  const areaSquareInches = (unscaled.width * unscaled.height) / (72 * 72);
  // Rendered pages are RGBA: 35 Mpx (A3 at 400 dpi) is ~140 MB already, so posters go lower.
  const dpi = Math.min(options.dpi, Math.floor(Math.sqrt(Math.min(options.maxPixels, MAX_RENDER_PIXELS) / areaSquareInches)));
  if (dpi < MIN_RENDER_DPI) {
    throw new RectoError('IMAGE_TOO_LARGE', `${fileName}: page ${pageNumber} is too large to render legibly`);
  }
  const viewport = page.getViewport({ scale: dpi / 72 });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  // The factory makes canvases from pdf.js's own @napi-rs/canvas copy; a separately installed one crashes.
  const factory = (document as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
  const { canvas, context } = factory.create(width, height);
  try {
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    await page.render({ canvasContext: context, canvas, viewport } as never).promise;
    const rgba = context.getImageData(0, 0, width, height).data;
    return {
      index: pageNumber - 1,
      pixels: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength),
      width,
      height,
      channels: 4,
      dpi,
      bilevel: false,
    };
  } finally {
    factory.destroy({ canvas, context });
    page.cleanup();
  }
}

interface CanvasFactory {
  create(width: number, height: number): { canvas: unknown; context: CanvasContext };
  destroy(pair: { canvas: unknown; context: CanvasContext }): void;
}

interface CanvasContext {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
