import { RectoError } from '../../core/errors.ts';

/**
 * Limits checked from a file's structure, before any page is decoded, rendered or queued: a
 * hostile file is small on disk and enormous in work, so its size alone says nothing.
 */

export function assertPageCount(count: number, maxPages: number, fileName: string): void {
  if (count > maxPages) {
    throw new RectoError('TOO_MANY_PAGES', `${fileName}: ${count} pages, more than the limit of ${maxPages} for one document`);
  }
}

export function assertPixelCount(width: number, height: number, maxPixels: number, fileName: string, what: string): void {
  if (width * height > maxPixels) {
    const megapixels = Math.round((width * height) / 1e6);
    throw new RectoError(
      'IMAGE_TOO_LARGE',
      `${fileName}: ${what} is ${width} x ${height} (${megapixels} Mpx), more than the limit of ${Math.round(maxPixels / 1e6)} Mpx`,
    );
  }
}
