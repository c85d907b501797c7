import { ocrImageSharp } from '../core/ocr-image.ts';
import type { FoundAt } from '../extract/extracted-fields.ts';
import { cleanedPageOf } from '../storage/page-image.ts';
import type { Storage } from '../storage/storage.ts';

/** Room above, below and right of the words, so the reviewer sees the line the value sat on. */
const MARGIN_PX = 40;
/**
 * Room to the left, as a share of the page width: forms put the label ("NHS No:", "DOB") to the
 * left of its value, often a third of the page away, and a crop without it cannot be checked.
 */
const LABEL_ROOM = 0.35;

/**
 * The part of the cleaned page where a value was read, as PNG: the reviewer checks what the
 * page says rather than what OCR made of it. Boxes are in the cleaned page's pixels (the
 * OCR image and the display image share its geometry).
 */
export async function cropFoundAt(storage: Storage, documentId: string, foundAt: FoundAt): Promise<Buffer> {
  const cleaned = await cleanedPageOf(storage, documentId, foundAt.page);
  const left = clamp(Math.floor(foundAt.bbox.x0) - Math.max(MARGIN_PX, Math.round(cleaned.width * LABEL_ROOM)), 0, cleaned.width - 1);
  const top = clamp(Math.floor(foundAt.bbox.y0) - MARGIN_PX, 0, cleaned.height - 1);
  const right = clamp(Math.ceil(foundAt.bbox.x1) + MARGIN_PX, left + 1, cleaned.width);
  const bottom = clamp(Math.ceil(foundAt.bbox.y1) + MARGIN_PX, top + 1, cleaned.height);
  return ocrImageSharp(cleaned.ocrImage).extract({ left, top, width: right - left, height: bottom - top }).png().toBuffer();
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
