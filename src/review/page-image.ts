import sharp from 'sharp';
import { RectoError } from '../core/errors.ts';
import type { Storage } from '../storage/storage.ts';
import { cleanedPageOf } from './field-crop.ts';

/** Wide enough to read a form on a desktop screen, small enough to load quickly. */
const SCREEN_WIDTH_PX = 1600;

/**
 * A whole cleaned page at screen resolution (WebP), for the reviewer to see every value in its
 * place. The boxes the page draws are in the cleaned page's pixels and are placed as fractions
 * of its size, so scaling here does not move them.
 */
export async function wholePageImage(storage: Storage, documentId: string, page: number): Promise<Buffer> {
  const cleaned = await cleanedPageOf(storage, documentId, page);
  return sharp(cleaned.ocrImage).resize({ width: SCREEN_WIDTH_PX, withoutEnlargement: true }).webp({ quality: 85 }).toBuffer();
}

/** The pixel size of each listed page (the boxes' coordinate space); a page without a cleaned image is left out. */
export async function pageSizesOf(storage: Storage, documentId: string, pages: number[]): Promise<Map<number, { width: number; height: number }>> {
  const sizes = new Map<number, { width: number; height: number }>();
  for (const page of new Set(pages)) {
    try {
      const cleaned = await cleanedPageOf(storage, documentId, page, false);
      sizes.set(page, { width: cleaned.width, height: cleaned.height });
    } catch (error) {
      if (!(error instanceof RectoError && error.code === 'OUTPUT_NOT_READY')) throw error;
    }
  }
  return sizes;
}
