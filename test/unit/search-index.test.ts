import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchHit, SearchIndex, SearchPage, SearchQuery } from '../../src/search/search-index.ts';
import { SqliteSearchIndex } from '../../src/search/sqlite-search-index.ts';
import { expectRectoError } from '../support/expect-error.ts';
import { documentOf, filler, pageOf, testNhsNumber, wordsOf } from './search-test-documents.ts';

let folder: string;
let index: SearchIndex;

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'recto-search-'));
  index = SqliteSearchIndex.open(path.join(folder, 'search.sqlite'));
});

afterEach(async () => {
  await index.close();
  rmSync(folder, { recursive: true, force: true });
});

const ids = (page: SearchPage): string[] => page.hits.map((hit) => hit.documentId);
const hitText = (hit: SearchHit, page = 0): string[] =>
  hit.pages[page].snippet.filter((segment) => segment.hit).map((segment) => segment.text);

/** Pages that mention none of the searched words, so word rarity (bm25's idf) is realistic. */
async function indexBackground(count: number): Promise<void> {
  for (let n = 0; n < count; n++) await index.indexDocument(documentOf(`background-${n}`, [filler(40, n)]));
}

describe('ranking', () => {
  it('ranks the page with the phrase above the page with the words apart', async () => {
    await indexBackground(6);
    await index.indexDocument(documentOf('apart', [`${filler(10)} penicillin ${filler(10, 3)} allergy ${filler(10, 5)}`]));
    await index.indexDocument(documentOf('together', [`${filler(10)} penicillin allergy ${filler(11, 3)} ${filler(10, 5)}`]));
    const found = await index.search({ text: 'penicillin allergy' });
    expect(ids(found)).toEqual(['together', 'apart']);
    expect(found.hits[0].score).toBeGreaterThan(found.hits[1].score!);
  });

  it('ranks a page where the word is frequent above one, of similar length, where it appears once', async () => {
    await indexBackground(6);
    await index.indexDocument(documentOf('once', [`metformin ${filler(39)}`]));
    await index.indexDocument(documentOf('often', [`metformin ${filler(12)} metformin ${filler(12, 4)} metformin ${filler(13, 7)}`]));
    expect(ids(await index.search({ text: 'metformin' }))).toEqual(['often', 'once']);
  });

  it('finds only pages holding every word, and counts the matched pages of a document', async () => {
    await index.indexDocument(documentOf('both', ['warfarin started', 'warfarin stopped', 'nothing here']));
    await index.indexDocument(documentOf('one', ['warfarin only']));
    const found = await index.search({ text: 'warfarin stopped' });
    expect(ids(found)).toEqual(['both']);
    expect(found.hits[0].pages.map((page) => page.index)).toEqual([1]);
    const all = await index.search({ text: 'warfarin' });
    expect(all.hits.find((hit) => hit.documentId === 'both')).toMatchObject({ matchedPageCount: 2, pageCount: 3 });
  });
});

describe('filters', () => {
  const jane = testNhsNumber(1);
  const john = testNhsNumber(2);

  beforeEach(async () => {
    await index.indexDocument(
      documentOf('jane-letter', ['clinic letter about asthma'], {
        nhsNumber: jane, mrn: 'RX 123456', patientName: 'Mrs Jane A. SMITH', birthDate: '1970-03-04',
        documentType: 'clinic-letter', documentDate: '2024-05-01',
      }),
    );
    await index.indexDocument(
      documentOf('jane-discharge', ['discharge summary asthma exacerbation'], {
        nhsNumber: jane, mrn: 'RX123456', patientName: 'Jane Smith', birthDate: '1970-03-04',
        documentType: 'discharge-summary', documentDate: '2023-11-20',
      }),
    );
    await index.indexDocument(
      documentOf('john-letter', ['clinic letter about asthma'], {
        nhsNumber: john, mrn: 'RX654321', patientName: 'John SMITH', birthDate: '1965-07-08',
        documentType: 'clinic-letter', documentDate: '2024-01-15',
      }),
    );
    await index.indexDocument(documentOf('undated', ['asthma review'], { documentType: 'clinic-letter' }));
  });

  it('by NHS number, written with spaces or not, newest first', async () => {
    expect(ids(await index.search({ nhsNumber: jane }))).toEqual(['jane-letter', 'jane-discharge']);
    const spaced = `${jane.slice(0, 3)} ${jane.slice(3, 6)} ${jane.slice(6)}`;
    expect(ids(await index.patientDocuments(spaced))).toEqual(['jane-letter', 'jane-discharge']);
  });

  it('by MRN, ignoring spaces and case', async () => {
    expect(ids(await index.search({ mrn: 'rx123456' }))).toEqual(['jane-letter', 'jane-discharge']);
    expect(ids(await index.search({ mrn: 'RX654321' }))).toEqual(['john-letter']);
  });

  it('by name, every word in any order, and by name with date of birth', async () => {
    expect(ids(await index.search({ name: 'smith jane' }))).toEqual(['jane-letter', 'jane-discharge']);
    expect(ids(await index.search({ name: 'Smith' }))).toEqual(['jane-letter', 'john-letter', 'jane-discharge']);
    expect(ids(await index.search({ name: 'smith', birthDate: '1965-07-08' }))).toEqual(['john-letter']);
    expect(ids(await index.search({ birthDate: '1970-03-04' }))).toEqual(['jane-letter', 'jane-discharge']);
  });

  it('by type and by document date range, bounds included, undated documents left out', async () => {
    expect(ids(await index.search({ types: ['clinic-letter'] }))).toEqual(['jane-letter', 'john-letter', 'undated']);
    expect(ids(await index.search({ types: ['discharge-summary', 'clinic-letter'], from: '2024-01-15', to: '2024-05-01' }))).toEqual([
      'jane-letter',
      'john-letter',
    ]);
    expect(ids(await index.search({ to: '2024-01-14' }))).toEqual(['jane-discharge']);
  });

  it('combines a patient with words, and type and dates with words', async () => {
    expect(ids(await index.search({ nhsNumber: jane, text: 'asthma' })).sort()).toEqual(['jane-discharge', 'jane-letter']);
    expect(ids(await index.search({ nhsNumber: jane, text: 'exacerbation' }))).toEqual(['jane-discharge']);
    expect(ids(await index.search({ mrn: 'RX654321', text: 'exacerbation' }))).toEqual([]);
    expect(ids(await index.search({ text: 'asthma', types: ['clinic-letter'], from: '2024-01-01' })).sort()).toEqual(['jane-letter', 'john-letter']);
  });

  it('shows the patient fields on each hit', async () => {
    const [hit] = (await index.search({ text: 'exacerbation' })).hits;
    expect(hit).toMatchObject({
      documentId: 'jane-discharge', fileName: 'jane-discharge.pdf', nhsNumber: jane, mrn: 'RX123456', patientName: 'Jane Smith',
      birthDate: '1970-03-04', documentType: 'discharge-summary', documentDate: '2023-11-20', pageCount: 1, matchedPageCount: 1,
    });
  });
});

describe('words, phrases and prefixes', () => {
  beforeEach(async () => {
    await index.indexDocument(documentOf('chest-pain', ['Presented with chest pain on exertion.']));
    await index.indexDocument(documentOf('pain-in-chest', ['Pain in the chest wall after a fall.']));
    await index.indexDocument(documentOf('antibiotic', ['Started co-amoxiclav 625mg; previously amoxicillin.']));
    await index.indexDocument(documentOf('zoe', ['Seen with her mother Zoë Brontë at the crèche.'], { patientName: 'Zoë BRONTË' }));
  });

  it('matches a quoted phrase only where its words are in order', async () => {
    expect(ids(await index.search({ text: '"chest pain"' }))).toEqual(['chest-pain']);
    expect(ids(await index.search({ text: 'chest pain' })).sort()).toEqual(['chest-pain', 'pain-in-chest']);
  });

  it('matches prefixes of a word and of a phrase, and punctuated words as phrases', async () => {
    expect(ids(await index.search({ text: 'amox*' }))).toEqual(['antibiotic']);
    const coAmox = await index.search({ text: 'co-amox*' });
    expect(hitText(coAmox.hits[0])).toEqual(['co-amoxiclav']);
    expect(ids(await index.search({ text: '"co amoxiclav"' }))).toEqual(['antibiotic']);
  });

  it('finds either of two words joined by OR', async () => {
    expect(ids(await index.search({ text: 'exertion OR fall' })).sort()).toEqual(['chest-pain', 'pain-in-chest']);
  });

  it('folds case and diacritics both ways: "zoe" finds "Zoë", "CRECHE" finds "crèche"', async () => {
    const found = await index.search({ text: 'zoe bronte' });
    expect(ids(found)).toEqual(['zoe']);
    expect(hitText(found.hits[0])).toEqual(['Zoë', 'Brontë']);
    expect(ids(await index.search({ text: 'CRECHE' }))).toEqual(['zoe']);
    expect(ids(await index.search({ text: 'Zoë' }))).toEqual(['zoe']);
    expect(ids(await index.search({ name: 'zoe bronte' }))).toEqual(['zoe']);
  });
});

describe('snippets and boxes', () => {
  it('gives the exact boxes of the matched words, in reading order, and marks the same words in the snippet', async () => {
    const text = `${filler(30)} known penicillin allergy since childhood ${filler(30, 2)}`;
    await index.indexDocument(documentOf('letter', ['cover page', text]));
    const [hit] = (await index.search({ text: '"penicillin allergy"' })).hits;
    const words = wordsOf(text);
    const expected = words.filter((word) => word.text === 'penicillin' || word.text === 'allergy').map((word) => word.bbox);
    expect(hit.pages).toHaveLength(1);
    expect(hit.pages[0].index).toBe(1);
    expect(hit.pages[0].boxes).toEqual(expected);
    expect(hitText(hit)).toEqual(['penicillin', 'allergy']);
    // Plain text, in order: the segments put back together are a window of the page's words.
    const snippet = hit.pages[0].snippet.map((segment) => segment.text).join('');
    expect(snippet).toMatch(/^… .* known penicillin allergy since childhood .* …$/);
    expect(snippet.split(' ').length).toBeLessThan(30);
  });

  it('boxes every occurrence on the page, and a word that only contains the hit ("allergy,") whole', async () => {
    await index.indexDocument(documentOf('twice', ['Allergy, noted: allergy to nuts']));
    const [hit] = (await index.search({ text: 'allergy' })).hits;
    const words = wordsOf('Allergy, noted: allergy to nuts');
    expect(hit.pages[0].boxes).toEqual([words[0].bbox, words[2].bbox]);
    expect(hitText(hit)).toEqual(['Allergy,', 'allergy']);
  });

  it('boxes a phrase read across punctuation exactly as the index matched it', async () => {
    const text = 'Severe chest - pain today; chest, wall pain later';
    await index.indexDocument(documentOf('dash', [text]));
    const [hit] = (await index.search({ text: '"chest pain"' })).hits;
    const words = wordsOf(text);
    // "-" is no token (in the index as here), so "chest - pain" is the phrase; "chest, wall pain" is not.
    expect(hit.pages[0].boxes).toEqual([words[1].bbox, words[3].bbox]);
  });

  it('returns snippet text as it was read, for the viewer to escape', async () => {
    await index.indexDocument(documentOf('markup', ['<script>alert(1)</script> rash & itch']));
    const [hit] = (await index.search({ text: 'rash' })).hits;
    expect(hit.pages[0].snippet).toEqual([
      { text: '<script>alert(1)</script> ', hit: false },
      { text: 'rash', hit: true },
      { text: ' & itch', hit: false },
    ]);
  });

  it('finds a page indexed from its text alone, with a snippet and no boxes', async () => {
    await index.indexDocument({ ...documentOf('text-only', []), pages: [{ index: 0, text: 'Typed note: gout flare', words: [] }] });
    const [hit] = (await index.search({ text: 'gout' })).hits;
    expect(hit.pages[0]).toEqual({
      index: 0,
      boxes: [],
      snippet: [{ text: 'Typed note: ', hit: false }, { text: 'gout', hit: true }, { text: ' flare', hit: false }],
    });
  });

  it('shows at most ten pages of a document, in page order, the best-ranked among them', async () => {
    // Page 12 says it most often, so it ranks best though it is past the first ten.
    const pages = Array.from({ length: 14 }, (_, n) => `day ${n} insulin ${n === 12 ? 'insulin insulin insulin' : ''} ${filler(20)}`);
    await index.indexDocument(documentOf('long', pages));
    const [hit] = (await index.search({ text: 'insulin' })).hits;
    expect(hit.matchedPageCount).toBe(14);
    expect(hit.pages.map((page) => page.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 12]);
  });
});

describe('paging', () => {
  async function allPages(query: SearchQuery): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pageNumber = 0; pageNumber < 20; pageNumber++) {
      const page = await index.search({ ...query, cursor });
      seen.push(...ids(page));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error('paging did not end');
  }

  it('walks ranked hits page by page with no repeats or gaps, ties included', async () => {
    for (let n = 0; n < 23; n++) {
      // Three documents share each text, so their ranks tie and the id must order them.
      await index.indexDocument(documentOf(`doc-${String(n).padStart(2, '0')}`, [`${'oedema '.repeat(1 + (n % 8))} ${filler(20)}`]));
    }
    const everything = ids(await index.search({ text: 'oedema', limit: 100 }));
    expect(everything).toHaveLength(23);
    expect(await allPages({ text: 'oedema', limit: 4 })).toEqual(everything);
    const nhsNumber = testNhsNumber(5);
    for (let n = 0; n < 9; n++) await index.indexDocument(documentOf(`patient-${n}`, [`oedema ${filler(n)}`], { nhsNumber }));
    const patient = ids(await index.search({ text: 'oedema', nhsNumber, limit: 100 }));
    expect(patient).toHaveLength(9);
    expect(await allPages({ text: 'oedema', nhsNumber, limit: 2 })).toEqual(patient);
  });

  it('walks a timeline newest first with no repeats or gaps, same dates and undated included', async () => {
    const nhsNumber = testNhsNumber(7);
    const dates = ['2024-01-01', '2023-06-30', '2024-01-01', null, '2022-12-25', '2024-01-01', null, '2021-02-03'];
    for (const [n, documentDate] of dates.entries()) await index.indexDocument(documentOf(`t-${n}`, ['note'], { nhsNumber, documentDate }));
    const timeline = ids(await index.search({ nhsNumber, limit: 100 }));
    expect(timeline).toEqual(['t-5', 't-2', 't-0', 't-1', 't-4', 't-7', 't-6', 't-3']);
    expect(await allPages({ nhsNumber, limit: 3 })).toEqual(timeline);
  });

  it('refuses a malformed cursor and a cursor from another search', async () => {
    for (let n = 0; n < 3; n++) await index.indexDocument(documentOf(`c-${n}`, ['asthma']));
    const first = await index.search({ text: 'asthma', limit: 1 });
    expect(first.nextCursor).not.toBeNull();
    await expectRectoError(index.search({ text: 'asthma', cursor: 'not a cursor' }), 'INVALID_CURSOR');
    await expectRectoError(index.search({ text: 'asthma', cursor: 'eyJ2IjoxfQ' }), 'INVALID_CURSOR');
    await expectRectoError(index.search({ text: 'wheeze', cursor: first.nextCursor! }), 'INVALID_CURSOR');
    // The page size may change between pages of one search.
    expect((await index.search({ text: 'asthma', limit: 5, cursor: first.nextCursor! })).hits).toHaveLength(2);
  });
});

describe('re-indexing and removing', () => {
  it('replaces every page of a document: old words stop hitting, dropped pages go', async () => {
    await index.indexDocument(documentOf('doc', ['first draft mentions ibuprofen', 'second page mentions naproxen']));
    await index.indexDocument(documentOf('doc', ['corrected text mentions paracetamol']));
    expect(ids(await index.search({ text: 'ibuprofen' }))).toEqual([]);
    expect(ids(await index.search({ text: 'naproxen' }))).toEqual([]);
    const [hit] = (await index.search({ text: 'paracetamol' })).hits;
    expect(hit).toMatchObject({ documentId: 'doc', pageCount: 1 });
    expect(hit.pages[0].boxes).toEqual([wordsOf('corrected text mentions paracetamol')[3].bbox]);
  });

  it("moves a document between patients when a reviewer corrects the NHS number, name and MRN", async () => {
    const wrong = testNhsNumber(10);
    const right = testNhsNumber(11);
    await index.indexDocument(documentOf('letter', ['renal clinic'], { nhsNumber: wrong, patientName: 'Alan Wrong', mrn: 'A1' }));
    await index.indexDocument(documentOf('letter', ['renal clinic'], { nhsNumber: right, patientName: 'Alan Right', mrn: 'B2' }));
    expect(ids(await index.patientDocuments(wrong))).toEqual([]);
    expect(ids(await index.patientDocuments(right))).toEqual(['letter']);
    expect(ids(await index.search({ name: 'wrong' }))).toEqual([]);
    expect(ids(await index.search({ mrn: 'A1' }))).toEqual([]);
    expect(ids(await index.search({ text: 'renal', nhsNumber: right }))).toEqual(['letter']);
    expect(ids(await index.search({ text: 'renal', nhsNumber: wrong }))).toEqual([]);
  });

  it('removes a document from words, filters and timelines; removing an unknown one does nothing', async () => {
    const nhsNumber = testNhsNumber(12);
    await index.indexDocument(documentOf('gone', ['thyroid results'], { nhsNumber, patientName: 'Ida Gone' }));
    await index.indexDocument(documentOf('kept', ['thyroid clinic'], { nhsNumber }));
    await index.removeDocument('gone');
    await index.removeDocument('never-indexed');
    expect(ids(await index.search({ text: 'thyroid' }))).toEqual(['kept']);
    expect(ids(await index.patientDocuments(nhsNumber))).toEqual(['kept']);
    expect(ids(await index.search({ name: 'ida' }))).toEqual([]);
  });
});

describe('documents the index refuses', () => {
  it('refuses a bad NHS number, a date in another form and a page given twice', async () => {
    await expectRectoError(index.indexDocument(documentOf('d', ['x'], { nhsNumber: '9990000001' })), 'INVALID_SEARCH_DOCUMENT');
    await expectRectoError(index.indexDocument(documentOf('d', ['x'], { documentDate: '03/04/2024' })), 'INVALID_SEARCH_DOCUMENT');
    const twice = { ...documentOf('d', []), pages: [pageOf(0, 'a'), pageOf(0, 'b')] };
    await expectRectoError(index.indexDocument(twice), 'INVALID_SEARCH_DOCUMENT');
    const fractional = documentOf('d', ['word']);
    fractional.pages[0].words[0].bbox.x0 = 1.5;
    await expectRectoError(index.indexDocument(fractional), 'INVALID_SEARCH_DOCUMENT');
    expect(ids(await index.search({ text: 'word' }))).toEqual([]);
  });
});

describe("one document's hits (the document viewer)", () => {
  it('gives every page the words are on, past the ten a search shows, with their boxes, and only that document', async () => {
    const pages = Array.from({ length: 14 }, (_, n) => (n % 2 === 0 ? `page ${n} mentions warfarin dose` : filler(20, n)));
    await index.indexDocument(documentOf('thick', pages, { nhsNumber: testNhsNumber(1) }));
    await index.indexDocument(documentOf('other', ['warfarin also here']));
    const hit = await index.documentHits('thick', 'warfarin');
    expect(hit?.documentId).toBe('thick');
    expect(hit?.nhsNumber).toBe(testNhsNumber(1));
    expect(hit?.pages.map((page) => page.index)).toEqual([0, 2, 4, 6, 8, 10, 12]);
    expect(hit?.matchedPageCount).toBe(7);
    expect(hit?.pages[1].boxes).toEqual([wordsOf('page 2 mentions warfarin dose')[3].bbox]);
    // The whole page's words, the hit marked: the viewer's text beside the page.
    expect(hit?.pages[1].snippet).toEqual([{ text: 'page 2 mentions ', hit: false }, { text: 'warfarin', hit: true }, { text: ' dose', hit: false }]);
  });

  it('gives the fields and no pages without words; null for a document not indexed; a bad text is refused', async () => {
    await index.indexDocument(documentOf('letter', ['clinic letter'], { author: 'Dr Ann Example' }));
    const hit = await index.documentHits('letter');
    expect(hit).toMatchObject({ documentId: 'letter', author: 'Dr Ann Example', pageCount: 1, pages: [] });
    expect(await index.documentHits('letter', 'absent')).toMatchObject({ documentId: 'letter', pages: [], matchedPageCount: 0 });
    expect(await index.documentHits('missing', 'clinic')).toBeNull();
    await expectRectoError(index.documentHits('letter', '"'), 'INVALID_SEARCH_QUERY');
  });
});
