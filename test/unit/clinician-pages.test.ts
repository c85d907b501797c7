import { describe, expect, it } from 'vitest';
import type { Identity } from '../../src/auth/roles.ts';
import type { SearchHit } from '../../src/search/search-index.ts';
import type { DocumentRecord } from '../../src/storage/storage.ts';
import { documentViewerPage } from '../../src/web/document-viewer-page.ts';
import { homePage } from '../../src/web/sign-in-pages.ts';
import { readSearchForm } from '../../src/web/search-form.ts';
import { searchPage } from '../../src/web/search-page.ts';

/** The clinician's pages as HTML: what a scan says (names, snippets, file names) never becomes markup. */

const HOSTILE = '<img src=x onerror=alert(1)>"\'&';
const ESCAPED = '&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;';
const who: Identity = { id: 'user:dr.marsh', displayName: 'Dr <b>Marsh</b>', roles: ['clinician'], method: 'password' };

function hitOf(change: Partial<SearchHit> = {}): SearchHit {
  return {
    documentId: 'doc_01JZ0000000000000000000001',
    fileName: `letter ${HOSTILE}.png`,
    nhsNumber: '9993048143',
    mrn: null,
    patientName: `Evelyn ${HOSTILE}`,
    birthDate: '1948-09-17',
    documentType: 'clinic-letter',
    documentDate: '2026-03-14',
    author: `Dr ${HOSTILE}`,
    department: HOSTILE,
    filedAt: '2026-03-16T09:31:00.000Z',
    updatedAt: '2026-03-16T09:31:00.000Z',
    score: 3,
    pageCount: 2,
    matchedPageCount: 1,
    pages: [{ index: 1, snippet: [{ text: `before ${HOSTILE} `, hit: false }, { text: `rash${HOSTILE}`, hit: true }, { text: ' after', hit: false }], boxes: [{ x0: 100, y0: 200, x1: 300, y1: 250 }] }],
    ...change,
  };
}

const documentRecord: DocumentRecord = {
  id: 'doc_01JZ0000000000000000000001',
  sha256: 'ab'.repeat(32),
  originalKey: 'k',
  fileName: `letter ${HOSTILE}.png`,
  sizeBytes: 1,
  format: 'png',
  status: 'done',
  pageCount: 2,
  error: null,
  metadata: {},
  outputs: { pdfKey: 'p', textKey: 't', sidecarKey: 's' },
  attempts: 1,
  filing: { status: 'filed', error: null, attempts: 1, updatedAt: '2026-03-16T09:31:00.000Z' },
  timingsMs: {},
  createdAt: '2026-03-16T09:30:00.000Z',
  updatedAt: '2026-03-16T09:31:00.000Z',
} as DocumentRecord;

describe('search page', () => {
  it('escapes snippets, names and file names, marks only the hit words, and links each page to the viewer with the words', () => {
    const page = searchPage({ values: { q: HOSTILE, nhsNumber: '9993048143' }, errors: [], results: { page: { hits: [hitOf()], nextCursor: 'c1' }, text: 'rash' }, who }).value;
    expect(page).not.toContain('<img src=x');
    expect(page).toContain(`<mark>rash${ESCAPED}</mark>`);
    expect(page).toContain(`before ${ESCAPED} `);
    expect(page).toContain(`letter ${ESCAPED}.png`);
    expect(page).toContain('Dr &lt;b&gt;Marsh&lt;/b&gt;');
    expect(page).toContain('href="/documents/doc_01JZ0000000000000000000001?q=rash#page-2"');
    // The next page keeps the search and adds the cursor.
    expect(page).toMatch(/href="\/search\?q=[^"]*&amp;nhsNumber=9993048143&amp;cursor=c1"/);
  });

  it('shows a timeline as a table, newest first as given, with the type named and dates the UK way', () => {
    const page = searchPage({ values: { nhsNumber: '9993048143' }, errors: [], results: { page: { hits: [hitOf({ pages: [] })], nextCursor: null }, text: undefined }, who }).value;
    expect(page).toContain('<table class="nhsuk-table" id="timeline">');
    expect(page).toContain('14 Mar 2026');
    expect(page).toContain('Clinical letter');
    expect(page).toContain(`Dr ${ESCAPED}`);
    expect(page).not.toContain('id="next-page"');
  });
});

describe('the search form', () => {
  it('reads UK dates from the day, month and year boxes, and names the patient only with an NHS number, MRN, or name and date of birth', () => {
    const read = readSearchForm({ name: 'Marchetti', dobDay: '17', dobMonth: '9', dobYear: '1948', fromDay: '1', fromMonth: '1', fromYear: '2026', type: 'clinic-letter' });
    expect(read).toMatchObject({ errors: [], namesPatient: true, empty: false, query: { name: 'Marchetti', birthDate: '1948-09-17', from: '2026-01-01', types: ['clinic-letter'] } });
    expect(readSearchForm({ name: 'Marchetti' }).namesPatient).toBe(false);
    expect(readSearchForm({ q: 'rash' }).namesPatient).toBe(false);
    expect(readSearchForm({ mrn: 'KB2209471' }).namesPatient).toBe(true);
    expect(readSearchForm({ nhsNumber: '', q: ' ' }).empty).toBe(true);
  });

  it('refuses a date it cannot read and a type not in the list, saying which box', () => {
    const read = readSearchForm({ nhsNumber: '9993048143', dobDay: '31', dobMonth: '2', dobYear: '1948', toDay: '1', toMonth: '1', toYear: '26', type: HOSTILE });
    expect(read.errors.map((error) => error.field)).toEqual(['type', 'dobDay', 'toDay']);
    const page = searchPage({ values: { type: HOSTILE }, errors: read.errors, who }).value;
    expect(page).toContain('nhsuk-error-summary');
    expect(page).not.toContain('<img src=x');
  });
});

describe('document viewer', () => {
  it('escapes the text beside the page, draws one box per hit as percentages of the page, and links the PDF/A', () => {
    const page = documentViewerPage({
      document: documentRecord,
      indexed: hitOf(),
      pageSizes: new Map([[0, { width: 1000, height: 500 }], [1, { width: 1000, height: 500 }]]),
      pageTexts: [`first page ${HOSTILE}`, 'second'],
      q: HOSTILE,
      who,
    }).value;
    expect(page).not.toContain('<img src=x');
    expect(page).toContain(`first page ${ESCAPED}`);
    expect(page).toContain(`<mark>rash${ESCAPED}</mark>`);
    expect(page).toContain(`value="${ESCAPED}"`);
    expect(page.match(/class="recto-hit-box"/g)).toHaveLength(1);
    expect(page).toContain('data-left="10" data-top="40" data-width="20" data-height="10"');
    expect(page).toContain('href="/v1/documents/doc_01JZ0000000000000000000001/pdf"');
    expect(page).toContain('src="/v1/documents/doc_01JZ0000000000000000000001/pages/1/image?width=200"');
    expect(page).toContain('id="page-2"');
  });
});

describe('home page', () => {
  it('links each role to its work, search once however many roles lead there', () => {
    const links = (roles: Identity['roles']) => [...homePage({ ...who, roles }).value.matchAll(/<li><a href="([^"]+)"/g)].map((match) => match[1]);
    expect(links(['clinician'])).toEqual(['/search']);
    expect(links(['records'])).toEqual(['/upload']);
    expect(links(['reviewer', 'admin'])).toEqual(['/review', '/search', '/admin']);
  });
});
