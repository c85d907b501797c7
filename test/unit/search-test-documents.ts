import { isValidNhsNumber } from '../../src/core/nhs-number.ts';
import type { OcrWord } from '../../src/core/types.ts';
import type { IndexedDocument, IndexedPage } from '../../src/search/search-index.ts';

/**
 * Documents for search tests: invented people, NHS numbers only from the 999 000 0000–999 999
 * 9999 test range, and page words laid out on a grid so every word has its own box.
 */

/** Every valid NHS number of the test range, in order from 999 000 0000. */
export function* testNhsNumbers(): Generator<string> {
  for (let body = 999_000_000; body <= 999_999_999; body++) {
    for (let check = 0; check <= 9; check++) {
      const candidate = `${body}${check}`;
      if (isValidNhsNumber(candidate)) yield candidate;
    }
  }
}

/** The nth valid NHS number of the test range, counting from 0. */
export function testNhsNumber(nth: number): string {
  let found = 0;
  for (const candidate of testNhsNumbers()) if (found++ === nth) return candidate;
  throw new Error(`no test NHS number ${nth}`);
}

/** Ten words a line, each box 30 px a character wide, so any two words' boxes differ. */
export function wordsOf(text: string): OcrWord[] {
  return text
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word, index) => {
      const x0 = 100 + (index % 10) * 300;
      const y0 = 200 + Math.floor(index / 10) * 60;
      return { text: word, bbox: { x0, y0, x1: x0 + 30 * word.length, y1: y0 + 45 }, confidence: 90 };
    });
}

export function pageOf(index: number, text: string): IndexedPage {
  return { index, text, words: wordsOf(text) };
}

export function documentOf(documentId: string, pages: string[], fields: Partial<Omit<IndexedDocument, 'pages' | 'documentId'>> = {}): IndexedDocument {
  return {
    documentId,
    fileName: `${documentId}.pdf`,
    nhsNumber: null,
    mrn: null,
    patientName: null,
    birthDate: null,
    documentType: null,
    documentDate: null,
    author: null,
    department: null,
    filedAt: null,
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...fields,
    pages: pages.map((text, index) => pageOf(index, text)),
  };
}

/** Plain words that none of the tests search for, to pad pages to a similar length. */
export function filler(count: number, seed = 0): string {
  const words = ['the', 'patient', 'was', 'reviewed', 'in', 'clinic', 'today', 'with', 'family', 'and', 'plan', 'discussed'];
  return Array.from({ length: count }, (_, index) => words[(index + seed) % words.length]).join(' ');
}
