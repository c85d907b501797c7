import { RectoError } from '../core/errors.ts';
import type { BBox } from '../core/types.ts';
import type { IndexedPage } from './search-index.ts';

/**
 * A page's words as the index keeps them for drawing hits: the texts (for snippets and for
 * matching) and the boxes, packed four 32-bit integers a word. At 100,000 pages of ~250
 * words, JSON boxes would cost about twice the space for nothing the index reads.
 */
export interface PageWords {
  texts: string[];
  /** Null for a page indexed from its text alone (no word boxes to draw). */
  boxes: Int32Array | null;
}

export function pageWordsOf(documentId: string, page: IndexedPage): PageWords {
  if (page.words.length === 0) return { texts: page.text.split(/\s+/).filter((word) => word.length > 0), boxes: null };
  const boxes = new Int32Array(page.words.length * 4);
  page.words.forEach((word, index) => {
    const { x0, y0, x1, y1 } = word.bbox;
    for (const coordinate of [x0, y0, x1, y1]) {
      if (!Number.isInteger(coordinate) || coordinate < 0 || coordinate > 0x7fffffff) {
        throw new RectoError(
          'INVALID_SEARCH_DOCUMENT',
          `document ${documentId} page ${page.index} word ${index}: box ${JSON.stringify(word.bbox)} is not whole pixels`,
        );
      }
    }
    boxes.set([x0, y0, x1, y1], index * 4);
  });
  return { texts: page.words.map((word) => word.text), boxes };
}

export function boxOfWord(boxes: Int32Array, word: number): BBox {
  const at = word * 4;
  return { x0: boxes[at], y0: boxes[at + 1], x1: boxes[at + 2], y1: boxes[at + 3] };
}

/** Little-endian on every machine Node runs on; the blob is read back on the same kind of machine. */
export function boxesToBlob(boxes: Int32Array | null): Buffer | null {
  return boxes ? Buffer.from(boxes.buffer, boxes.byteOffset, boxes.byteLength) : null;
}

export function boxesFromBlob(blob: Buffer | null): Int32Array | null {
  if (!blob) return null;
  // Copied: a Buffer from SQLite need not sit on a 4-byte boundary, which Int32Array requires.
  const aligned = new Uint8Array(blob.byteLength);
  aligned.set(blob);
  return new Int32Array(aligned.buffer);
}
