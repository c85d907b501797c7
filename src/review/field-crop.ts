import sharp from 'sharp';
import { RectoError } from '../core/errors.ts';
import type { FoundAt } from '../extract/extracted-fields.ts';
import { loadCleanedPage } from '../storage/page-artifacts.ts';
import type { Storage } from '../storage/storage.ts';

/** Room around the words, so the reviewer sees the label and the line the value sat on. */
const MARGIN_PX = 40;

/**
 * The part of the cleaned page where a value was read, as PNG: the reviewer checks what the
 * page says rather than what OCR made of it. Boxes are in the cleaned page's pixels (the
 * OCR image and the display image share its geometry).
 */
export async function cropFoundAt(storage: Storage, documentId: string, foundAt: FoundAt): Promise<Buffer> {
  const page = (await storage.metadata.listPages(documentId)).find((candidate) => candidate.index === foundAt.page);
  if (!page?.cleanedKey) throw new RectoError('OUTPUT_NOT_READY', `page ${foundAt.page + 1} of ${documentId} has no cleaned image`);
  const cleaned = await loadCleanedPage(storage.blobs, page.cleanedKey, true);
  const left = clamp(Math.floor(foundAt.bbox.x0) - MARGIN_PX, 0, cleaned.width - 1);
  const top = clamp(Math.floor(foundAt.bbox.y0) - MARGIN_PX, 0, cleaned.height - 1);
  const right = clamp(Math.ceil(foundAt.bbox.x1) + MARGIN_PX, left + 1, cleaned.width);
  const bottom = clamp(Math.ceil(foundAt.bbox.y1) + MARGIN_PX, top + 1, cleaned.height);
  return sharp(cleaned.ocrImage).extract({ left, top, width: right - left, height: bottom - top }).png().toBuffer();
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
