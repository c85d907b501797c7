import { EncryptedPDFError, type PDFDocument } from 'pdf-lib';
import { RectoError } from '../../core/errors.ts';
import type { PageSource } from '../../core/types.ts';
import { decodeImagePage } from './decode-image.ts';
import { assertPageCount } from './page-limits.ts';
import { assertPdfWithinLimits } from './pdf-limits.ts';
import { embeddedScanOfPage, loadForImageExtraction } from './pdf-page-image.ts';
import { openWithPdfJs, type PdfJsDocument, type PdfRenderOptions, renderPdfPage } from './render-pdf.ts';

export interface PdfOpenOptions extends PdfRenderOptions {
  maxPages: number;
}

/**
 * The pages of a PDF. pdf-lib parses it (cheaply) to count pages, check the limits, refuse
 * encrypted files and lift each scanner JPEG as it is; pdf.js is loaded only for pages that must
 * be rendered, or when pdf-lib cannot parse the file at all (pdf.js repairs more, and says why it
 * fails). The page cap and the images' sizes are checked here, before any page is rendered.
 */
export async function openPdfPages(data: Buffer, fileName: string, options: PdfOpenOptions): Promise<PageSource> {
  assertComplete(data, fileName);
  const parsed = await parseWithPdfLib(data, fileName);
  let renderer: Promise<PdfJsDocument> | undefined;
  const pdfJs = (): Promise<PdfJsDocument> => (renderer ??= openWithPdfJs(data, fileName, options));
  let count: number;
  try {
    count = parsed
      ? assertPdfWithinLimits(parsed, fileName, { maxPages: options.maxPages, maxPixels: options.maxPixels })
      : (await pdfJs()).numPages;
    assertPageCount(count, options.maxPages, fileName);
  } catch (error) {
    await close();
    throw error;
  }
  if (count === 0) {
    await close();
    throw new RectoError('PDF_NO_PAGES', `${fileName}: the PDF has no pages`);
  }

  async function close(): Promise<void> {
    if (renderer) await (await renderer).destroy();
  }

  return {
    count,
    load: async (index) => {
      const scan = parsed && embeddedScanOfPage(parsed, index);
      if (!scan) return renderPdfPage(await pdfJs(), index, fileName, options);
      const page = await decodeImagePage(scan.image, 0, fileName, scan.format, {
        maxInputPixels: options.maxPixels,
        resolution: { x: scan.dpiX, y: scan.dpiY },
        rotate: scan.rotate,
      });
      return { ...page, index };
    },
    close,
  };
}

/** pdf.js happily reconstructs cut-off files; a scan export always ends with %%EOF, so demand it. */
function assertComplete(data: Buffer, fileName: string): void {
  const tail = data.subarray(Math.max(0, data.length - 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) {
    throw new RectoError('CORRUPT_PDF', `${fileName}: the PDF is cut short (no end-of-file marker)`);
  }
}

async function parseWithPdfLib(data: Buffer, fileName: string): Promise<PDFDocument | undefined> {
  try {
    return await loadForImageExtraction(data);
  } catch (error) {
    if (error instanceof EncryptedPDFError) {
      throw new RectoError('PDF_ENCRYPTED', `${fileName}: the PDF needs a password to open`, { cause: error });
    }
    return undefined;
  }
}
