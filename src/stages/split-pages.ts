import sharp from 'sharp';
import { RectoError } from '../core/errors.ts';
import type { InputFormat, PageSource } from '../core/types.ts';
import { classifySharpError, decodeImagePage } from './decode-image.ts';
import { openPdfPages } from './open-pdf.ts';

export interface SplitOptions {
  pdfDpi: number;
  maxInputPixels: number;
}

/** Opens an input and counts its pages; fails fast (typed) if the file cannot be read at all. */
export async function openPages(data: Buffer, format: InputFormat, fileName: string, options: SplitOptions): Promise<PageSource> {
  if (format === 'pdf') return openPdfPages(data, fileName, { dpi: options.pdfDpi, maxPixels: options.maxInputPixels });
  try {
    const metadata = await sharp(data, { limitInputPixels: options.maxInputPixels }).metadata();
    const count = format === 'tiff' ? (metadata.pages ?? 1) : 1;
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
