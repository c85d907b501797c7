import sharp from 'sharp';
import { DEFAULT_MAX_PAGES } from '../../core/config.ts';
import { RectoError } from '../../core/errors.ts';
import type { InputFormat, PageSource } from '../../core/types.ts';
import { classifySharpError, decodeImagePage } from './decode-image.ts';
import { openPdfPages } from './open-pdf.ts';
import { assertPageCount } from './page-limits.ts';

export interface SplitOptions {
  pdfDpi: number;
  maxInputPixels: number;
  /** More pages than this is TOO_MANY_PAGES, before any page is decoded (default 2000). */
  maxPages?: number;
  /** Time allowed to render one PDF page (default 60 s). */
  pdfPageTimeoutMs?: number;
}

/**
 * Opens an input and counts its pages; fails fast (typed) if the file cannot be read at all or
 * breaks a limit. Every page's pixel count is checked by sharp before that page is decoded.
 */
export async function openPages(data: Buffer, format: InputFormat, fileName: string, options: SplitOptions): Promise<PageSource> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (format === 'pdf') {
    return openPdfPages(data, fileName, { dpi: options.pdfDpi, maxPixels: options.maxInputPixels, maxPages, pageTimeoutMs: options.pdfPageTimeoutMs });
  }
  try {
    const count = await countImagePages(data, format, options.maxInputPixels);
    assertPageCount(count, maxPages, fileName);
    // Decode the first page now so a truncated or oversized file is rejected before any work is queued.
    const first = await decodeImagePage(data, 0, fileName, format, options);
    return {
      count,
      load: (index) => (index === 0 ? Promise.resolve(first) : decodeImagePage(data, index, fileName, format, options)),
      close: async () => undefined,
    };
  } catch (error) {
    throw error instanceof RectoError ? error : classifySharpError(error, fileName, format);
  }
}

/**
 * The number of pages, read from the file's structure alone (a TIFF's directory chain, a PDF's
 * page tree), with the page cap and (for PDFs) image sizes checked: cheap enough for the upload
 * route to refuse a page-count bomb before it answers.
 */
export async function countPages(data: Buffer, format: InputFormat, fileName: string, options: SplitOptions): Promise<number> {
  if (format !== 'pdf' && format !== 'tiff') return 1;
  const pages = format === 'pdf' ? await openPages(data, format, fileName, options) : undefined;
  if (pages) {
    await pages.close();
    return pages.count;
  }
  try {
    const count = await countImagePages(data, format, options.maxInputPixels);
    assertPageCount(count, options.maxPages ?? DEFAULT_MAX_PAGES, fileName);
    return count;
  } catch (error) {
    throw error instanceof RectoError ? error : classifySharpError(error, fileName, format);
  }
}

async function countImagePages(data: Buffer, format: InputFormat, maxInputPixels: number): Promise<number> {
  const metadata = await sharp(data, { limitInputPixels: maxInputPixels }).metadata();
  return format === 'tiff' ? (metadata.pages ?? 1) : 1;
}
