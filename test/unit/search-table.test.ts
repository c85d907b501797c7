import { describe, expect, it } from 'vitest';
import { formatSearchTable } from '../../src/cli/search-table.ts';
import type { SearchHit } from '../../src/search/search-index.ts';

/** `recto search`'s table: what a person at a terminal reads, and what a page's text must not do to it. */

const hit = (overrides: Partial<SearchHit>): SearchHit => ({
  documentId: 'doc_01',
  fileName: 'letter.png',
  nhsNumber: '9993048143',
  mrn: 'KB2209471',
  patientName: 'Evelyn Rose Marchetti',
  birthDate: '1948-09-17',
  documentType: 'clinic-letter',
  documentDate: '2026-03-14',
  author: null,
  department: null,
  filedAt: '2026-03-20T10:00:00.000Z',
  updatedAt: '2026-03-20T10:00:00.000Z',
  score: 3.2,
  pageCount: 2,
  matchedPageCount: 1,
  pages: [{ index: 1, boxes: [], snippet: [{ text: 'known ', hit: false }, { text: 'penicillin', hit: true }, { text: '\nallergy', hit: false }] }],
  ...overrides,
});

describe('recto search table', () => {
  it('shows document, patient, type, date, page (from 1) and the snippet with the hit marked', () => {
    const [header, row, , total] = formatSearchTable({ hits: [hit({})], nextCursor: null }).split('\n');
    expect(header).toMatch(/^document\s+patient\s+type\s+date\s+page\s+snippet$/);
    expect(row).toMatch(/^doc_01\s+999 304 8143 Evelyn Rose Marchetti\s+clinic-letter\s+2026-03-14\s+2\s+known \[penicillin\] allergy$/);
    expect(total).toBe('1 document');
  });

  it('says a document is not attributed rather than leaving the patient blank, and how to get the next page', () => {
    const text = formatSearchTable({ hits: [hit({ nhsNumber: null, patientName: null, documentDate: null })], nextCursor: 'abc' });
    expect(text).toContain('(not confirmed)');
    expect(text).toContain('undated');
    expect(text.trimEnd().split('\n').at(-1)).toBe('more: --cursor abc');
  });

  it('keeps terminal control sequences and bidi overrides a page holds out of the output', () => {
    const hostile = hit({ pages: [{ index: 0, boxes: [], snippet: [{ text: '\u001b[2Jcleared \u202etxet', hit: false }, { text: 'word', hit: true }] }] });
    const text = formatSearchTable({ hits: [hostile], nextCursor: null });
    expect(text).not.toMatch(/[\u001b\u202e]/);
    expect(text).toContain('[2Jcleared txet[word]');
  });

  it('says when nothing matched', () => {
    expect(formatSearchTable({ hits: [], nextCursor: null })).toBe('no documents match\n');
  });
});
