import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import { fts5Expression } from '../../src/search/fts5-expression.ts';
import { parseSearchText } from '../../src/search/parse-search-text.ts';
import type { SearchQuery } from '../../src/search/search-index.ts';
import { SqliteSearchIndex } from '../../src/search/sqlite-search-index.ts';
import { expectRectoError } from '../support/expect-error.ts';
import { documentOf, testNhsNumber } from './search-test-documents.ts';

describe('reading search text', () => {
  it('turns words, phrases, prefixes and OR into quoted FTS5, with a phrase boost for a plain sequence', () => {
    expect(fts5Expression(parseSearchText('Penicillin'))).toBe('"penicillin"');
    expect(fts5Expression(parseSearchText('penicillin allergy'))).toBe('("penicillin" AND "allergy") OR "penicillin allergy"');
    expect(fts5Expression(parseSearchText('"chest pain" amox*'))).toBe('("chest pain" AND "amox" *) OR "chest pain amox" *');
    expect(fts5Expression(parseSearchText('rash OR urticaria itch'))).toBe('("rash" OR "urticaria") AND "itch"');
    expect(fts5Expression(parseSearchText('co-amoxiclav'))).toBe('"co amoxiclav"');
  });

  it('reads FTS5 syntax as words, never as syntax', () => {
    expect(parseSearchText('NEAR(a b)').clauses).toEqual([[{ tokens: ['near', 'a'], prefix: false }], [{ tokens: ['b'], prefix: false }]]);
    expect(parseSearchText('body:penicillin').clauses).toEqual([[{ tokens: ['body', 'penicillin'], prefix: false }]]);
    expect(parseSearchText('penicillin NOT amoxicillin').clauses.flat().map((leaf) => leaf.tokens)).toEqual([['penicillin'], ['not'], ['amoxicillin']]);
    expect(parseSearchText('^start').clauses).toEqual([[{ tokens: ['start'], prefix: false }]]);
  });

  it('takes an OR with nothing on one side as the word "or", and an unclosed quote to the end', () => {
    expect(parseSearchText('asthma OR').clauses).toEqual([[{ tokens: ['asthma'], prefix: false }], [{ tokens: ['or'], prefix: false }]]);
    expect(parseSearchText('OR').clauses).toEqual([[{ tokens: ['or'], prefix: false }]]);
    expect(parseSearchText('"penicillin allergy').clauses).toEqual([[{ tokens: ['penicillin', 'allergy'], prefix: false }]]);
    expect(parseSearchText('"co amox*').clauses).toEqual([[{ tokens: ['co', 'amox'], prefix: true }]]);
  });

  it('treats a leading minus as punctuation ("HIV -ve"), not exclusion', () => {
    expect(parseSearchText('HIV -ve').clauses.flat().map((leaf) => leaf.tokens)).toEqual([['hiv'], ['ve']]);
  });

  it('refuses a one-letter prefix, text with no words, and a search too long or with too many words', () => {
    for (const text of ['a*', '*', '🙂 🙂', '"" *', '- -- ()', 'x'.repeat(1001), Array.from({ length: 33 }, (_, n) => `w${n}`).join(' ')]) {
      expect(() => parseSearchText(text), text.slice(0, 20)).toThrow(RectoError);
      try {
        parseSearchText(text);
      } catch (error) {
        expect((error as RectoError).code).toBe('INVALID_SEARCH_QUERY');
      }
    }
  });
});

describe('searches that must fail clearly or answer sensibly, never with an SQLite error', () => {
  let folder: string;
  let index: SqliteSearchIndex;
  const nhsNumber = testNhsNumber(3);

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'recto-search-query-'));
    index = SqliteSearchIndex.open(path.join(folder, 'search.sqlite'));
    await index.indexDocument(documentOf('letter', ['Known penicillin allergy. Near the ward: nhs 1 body text.'], { nhsNumber, patientName: 'Ann Example' }));
  });

  afterAll(async () => {
    await index.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const hostile = [
    '"', '""', '"""', 'NEAR(a b)', 'NEAR(penicillin allergy, 2)', 'nhs:1', 'body:penicillin', '{body}: x', '*', '**', 'a OR', 'OR OR',
    'AND', 'NOT', 'penicillin NOT', '(', ')', '(penicillin', '^penicillin', '+penicillin', '-', '-penicillin', 'pen*icillin', "'; DROP TABLE search_text; --",
    '\u0000', '\u0301', '\ud800', '🙂', 'penicillin 🙂', 'مرحبا', 'x'.repeat(10_000), 'penicillin '.repeat(1000), '"a b c d e f g h i j k l m n o p"*',
  ];

  it.each(hostile.map((text) => [text.length > 30 ? `${text.slice(0, 30)}… (${text.length} chars)` : JSON.stringify(text), text]))(
    '%s',
    async (_, text) => {
      for (const query of [{ text }, { text, nhsNumber }, { text, types: ['clinic-letter'] }] as SearchQuery[]) {
        const outcome = await index.search(query).then(
          (page) => page,
          (error: unknown) => error,
        );
        if (outcome instanceof Error) {
          expect(outcome, outcome.message).toBeInstanceOf(RectoError);
          expect((outcome as RectoError).code, outcome.message).toBe('INVALID_SEARCH_QUERY');
        } else {
          expect(Array.isArray((outcome as { hits: unknown[] }).hits)).toBe(true);
        }
      }
    },
  );

  it('answers the sensible reading of odd input', async () => {
    const found = async (text: string) => (await index.search({ text })).hits.map((hit) => hit.documentId);
    expect(await found('"penicillin allergy')).toEqual(['letter']);
    expect(await found('-penicillin')).toEqual(['letter']);
    expect(await found('nhs:1')).toEqual(['letter']);
    expect(await found('penicillin 🙂')).toEqual(['letter']);
    expect(await found('NEAR(the ward)')).toEqual(['letter']);
  });

  it('refuses bad filters, limits and empty searches with INVALID_SEARCH_QUERY', async () => {
    const bad: SearchQuery[] = [
      {}, { text: '   ' }, { limit: 5 }, { nhsNumber: '9990000001' }, { nhsNumber: 'abc' }, { mrn: '  ' }, { name: '--' },
      { birthDate: '1970-02-30' }, { birthDate: '04/03/1970' }, { from: '2024-05-01', to: '2024-01-01' }, { from: 'yesterday' },
      { types: ['letter' as never] }, { nhsNumber, limit: 0 }, { nhsNumber, limit: 101 }, { nhsNumber, limit: 2.5 }, { nhsNumber, limit: Number.NaN },
    ];
    for (const query of bad) await expectRectoError(index.search(query), 'INVALID_SEARCH_QUERY');
  });
});

describe('the index file', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'recto-search-file-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps what was indexed when reopened, and refuses a schema newer than it knows', async () => {
    const file = path.join(folder, 'reopen.sqlite');
    const first = SqliteSearchIndex.open(file);
    await first.indexDocument(documentOf('kept', ['hypertension']));
    await first.close();
    const second = SqliteSearchIndex.open(file);
    expect((await second.search({ text: 'hypertension' })).hits.map((hit) => hit.documentId)).toEqual(['kept']);
    await second.close();
    const raw = new Database(file);
    raw.prepare("UPDATE search_meta SET value = '99' WHERE key = 'schema_version'").run();
    raw.close();
    expect(() => SqliteSearchIndex.open(file)).toThrow(expect.objectContaining({ code: 'STORAGE_SCHEMA_TOO_NEW' }));
  });

  it('lives beside other tables in a database the caller opened, and leaves it open', async () => {
    const db = new Database(path.join(folder, 'shared.sqlite'));
    db.exec('CREATE TABLE other (x INTEGER)');
    db.pragma('user_version = 7');
    const index = SqliteSearchIndex.inDatabase(db);
    await index.indexDocument(documentOf('shared', ['diabetes']));
    expect((await index.search({ text: 'diabetes' })).hits).toHaveLength(1);
    await index.close();
    expect(db.open).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    db.close();
  });
});
