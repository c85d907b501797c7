import type { BlobStore } from './storage.ts';
import type { CleanedPage, OcrResult } from '../core/types.ts';

/**
 * How the queue runner keeps a page between stages: the cleaned page's two images as blobs and
 * a small JSON manifest pointing at them. Content-addressed, so storing a re-run's identical
 * result stores nothing new (stages stay idempotent).
 */

type CleanedManifest = Omit<CleanedPage, 'displayImage' | 'ocrImage'> & { displayKey: string; ocrImageKey: string };

export async function storeCleanedPage(blobs: BlobStore, page: CleanedPage): Promise<string> {
  const { displayImage, ocrImage, ...rest } = page;
  const [display, ocr] = await Promise.all([blobs.putBuffer(displayImage), blobs.putBuffer(ocrImage)]);
  const manifest: CleanedManifest = { ...rest, displayKey: display.key, ocrImageKey: ocr.key };
  return (await blobs.putBuffer(Buffer.from(JSON.stringify(manifest)))).key;
}

/** Loads a cleaned page; the OCR image only when asked (assembly does not need it). */
export async function loadCleanedPage(blobs: BlobStore, key: string, withOcrImage: boolean): Promise<CleanedPage> {
  const manifest = JSON.parse((await blobs.get(key)).toString('utf8')) as CleanedManifest;
  const { displayKey, ocrImageKey, ...rest } = manifest;
  const [displayImage, ocrImage] = await Promise.all([
    blobs.get(displayKey),
    withOcrImage ? blobs.get(ocrImageKey) : Promise.resolve(Buffer.alloc(0)),
  ]);
  return { ...rest, displayImage, ocrImage };
}

export async function storeOcrResult(blobs: BlobStore, result: OcrResult): Promise<string> {
  return (await blobs.putBuffer(Buffer.from(JSON.stringify(result)))).key;
}

export async function loadOcrResult(blobs: BlobStore, key: string): Promise<OcrResult> {
  return JSON.parse((await blobs.get(key)).toString('utf8')) as OcrResult;
}
