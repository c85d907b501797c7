import { RectoError } from '../core/errors.ts';
import type { PageSource, RawPage } from '../core/types.ts';
import { decodeImagePage } from './decode-image.ts';
import { embeddedScanOfPage, loadForImageExtraction } from './pdf-page-image.ts';

/**
 * Turns each page of a scanned PDF into pixels. A page that is just one JPEG gives up that
 * JPEG (fast, lossless); any other page is rendered at the requested dpi with pdf.js (Mozilla,
 * Apache-2.0, maintained, pure JS + a prebuilt canvas, so no Ghostscript/poppler binary at
 * run time). mupdf renders faster but is AGPL; poppler would be a system dependency.
 */

// The legacy build is the one pdf.js supports on Node; it ships no types of its own at that path.
type PdfJs = typeof import('pdfjs-dist');
let pdfjsPromise: Promise<PdfJs> | undefined;
const loadPdfJs = (): Promise<PdfJs> =>
  (pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs' as string) as Promise<PdfJs>);

interface PdfRenderOptions {
  dpi: number;
  maxPixels: number;
}

/** pdf.js happily reconstructs cut-off files; a scan export always ends with %%EOF, so demand it. */
function assertComplete(data: Buffer, fileName: string): void {
  const tail = data.subarray(Math.max(0, data.length - 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) {
    throw new RectoError('CORRUPT_PDF', `${fileName}: the PDF is cut short (no end-of-file marker)`);
  }
}

function classifyPdfJsError(error: unknown, fileName: string): RectoError {
  const name = (error as { name?: string })?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return new RectoError('PDF_ENCRYPTED', `${fileName}: the PDF needs a password to open`, { cause: error });
  }
  return new RectoError('CORRUPT_PDF', `${fileName}: the PDF cannot be read (${message})`, { cause: error });
}

export async function openPdfPages(data: Buffer, fileName: string, options: PdfRenderOptions): Promise<PageSource> {
  assertComplete(data, fileName);
  const pdfjs = await loadPdfJs();
  let document: PdfDocument;
  try {
    document = await pdfjs.getDocument({
      data: new Uint8Array(data),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    throw classifyPdfJsError(error, fileName);
  }
  if (document.numPages === 0) {
    await document.destroy();
    throw new RectoError('PDF_NO_PAGES', `${fileName}: the PDF has no pages`);
  }
  const lifted = await loadForImageExtraction(data);
  return {
    count: document.numPages,
    load: async (index) => {
      try {
        const scan = lifted && embeddedScanOfPage(lifted, index);
        if (scan) {
          const page = await decodeImagePage(scan.jpeg, 0, fileName, 'jpeg', {
            maxInputPixels: options.maxPixels,
            dpi: scan.dpi,
            rotate: scan.rotate,
          });
          return { ...page, index };
        }
        return await renderOnePage(document, index + 1, fileName, options);
      } catch (error) {
        throw error instanceof RectoError ? error : classifyPdfJsError(error, fileName);
      }
    },
    close: () => document.destroy(),
  };
}

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

async function renderOnePage(
  document: PdfDocument,
  pageNumber: number,
  fileName: string,
  options: PdfRenderOptions,
): Promise<RawPage> {
  const page = await document.getPage(pageNumber);
  const unscaled = page.getViewport({ scale: 1 });
  // Pages are in points (1/72 in). A poster-sized page at 300 dpi would be a pixel bomb: lower the dpi instead.
  let dpi = options.dpi;
  const pixelsAt = (d: number): number => (unscaled.width * d * unscaled.height * d) / (72 * 72);
  while (pixelsAt(dpi) > options.maxPixels && dpi > 50) dpi = Math.floor(dpi * 0.8);
  if (pixelsAt(dpi) > options.maxPixels) {
    throw new RectoError('IMAGE_TOO_LARGE', `${fileName}: page ${pageNumber} is too large to render`);
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
