import { RectoError } from '../core/errors.ts';
import { ocrImageSharp } from '../core/ocr-image.ts';
import type { CleanedPage } from '../core/types.ts';
import { loadCleanedPage } from './page-artifacts.ts';
import type { Storage } from './storage.ts';

/** Wide enough to read a form on a desktop screen, small enough to load quickly. */
export const SCREEN_WIDTH_PX = 1600;

/**
 * Pages recently drawn, newest last. Kept here, not in the browser: everything behind sign-in is
 * sent `no-store` (a shared ward workstation must not keep patient pages), yet a reviewer reloads
 * the same page after every save. A cleaned page never changes once stored, so a copy is never stale.
 */
const RECENT_PAGES = 48; // a viewer's thumbnails and its screen images of a few documents
const recent = new Map<string, Promise<Buffer>>();

/**
 * A whole cleaned page at screen resolution (WebP), for a reviewer or clinician to see every word
 * in its place; `width` (at most 1600) draws it smaller, e.g. for thumbnails. The boxes a page
 * draws are in the cleaned page's pixels and are placed as fractions of its size, so scaling
 * here does not move them. Shared by the review station and the clinician's document viewer.
 */
export async function wholePageImage(storage: Storage, documentId: string, page: number, width = SCREEN_WIDTH_PX): Promise<Buffer> {
  const key = `${documentId}/${page}/${width}`;
  let image = recent.get(key);
  if (image) recent.delete(key);
  else image = drawPage(storage, documentId, page, Math.min(width, SCREEN_WIDTH_PX));
  recent.set(key, image);
  if (recent.size > RECENT_PAGES) recent.delete(recent.keys().next().value!);
  try {
    return await image;
  } catch (error) {
    recent.delete(key); // a failure (storage down) is tried again next time
    throw error;
  }
}

async function drawPage(storage: Storage, documentId: string, page: number, width: number): Promise<Buffer> {
  const cleaned = await cleanedPageOf(storage, documentId, page);
  return ocrImageSharp(cleaned.ocrImage).resize({ width, withoutEnlargement: true }).webp({ quality: 85 }).toBuffer();
}

/** A document's cleaned page, with its OCR image (greyscale PGM, or PNG for pages stored before: the display image may be raw bits). */
export async function cleanedPageOf(storage: Storage, documentId: string, index: number, withOcrImage = true): Promise<CleanedPage> {
  const page = (await storage.metadata.listPages(documentId)).find((candidate) => candidate.index === index);
  if (!page?.cleanedKey) throw new RectoError('OUTPUT_NOT_READY', `page ${index + 1} of ${documentId} has no cleaned image`);
  return loadCleanedPage(storage.blobs, page.cleanedKey, withOcrImage);
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
