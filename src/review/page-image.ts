import sharp from 'sharp';
import { RectoError } from '../core/errors.ts';
import type { Storage } from '../storage/storage.ts';
import { cleanedPageOf } from './field-crop.ts';

/** Wide enough to read a form on a desktop screen, small enough to load quickly. */
const SCREEN_WIDTH_PX = 1600;

/**
 * Pages recently drawn, newest last. Kept here, not in the browser: everything behind sign-in is
 * sent `no-store` (a shared ward workstation must not keep patient pages), yet a reviewer reloads
 * the same page after every save. A cleaned page never changes once stored, so a copy is never stale.
 */
const RECENT_PAGES = 24;
const recent = new Map<string, Promise<Buffer>>();

/**
 * A whole cleaned page at screen resolution (WebP), for the reviewer to see every value in its
 * place. The boxes the page draws are in the cleaned page's pixels and are placed as fractions
 * of its size, so scaling here does not move them.
 */
export async function wholePageImage(storage: Storage, documentId: string, page: number): Promise<Buffer> {
  const key = `${documentId}/${page}`;
  let image = recent.get(key);
  if (image) recent.delete(key);
  else image = drawPage(storage, documentId, page);
  recent.set(key, image);
  if (recent.size > RECENT_PAGES) recent.delete(recent.keys().next().value!);
  try {
    return await image;
  } catch (error) {
    recent.delete(key); // a failure (storage down) is tried again next time
    throw error;
  }
}

async function drawPage(storage: Storage, documentId: string, page: number): Promise<Buffer> {
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
