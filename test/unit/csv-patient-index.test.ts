import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCsvPatientIndex } from '../../src/matching/csv-patient-index.ts';
import { expectRectoError } from '../support/expect-error.ts';

/** The CSV patient index on real files: every way an export can be wrong, and live replacement. */

// Test-range NHS numbers (999 000 0000 – 999 999 9999) that pass modulus 11; invented people.
const JANE = '9990123470';
const OMAR = '9990246947';
const PRIYA = '9990370419';
const FAILS_MODULUS_11 = '9990123471';

const HEADER = 'nhs_number,given,family,birth_date,mrn,gp_practice_ods';
const GOOD_ROWS = [
  `${JANE},Jane Ann,Smith,1950-02-01,NB4417203;RX1234567,A81001`,
  `${OMAR},Omar,O'Neill-Hart,1982-11-30,NB5550001,`,
];

let dir: string;
let scratch = 0;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recto-csv-index-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function indexFile(...lines: string[]): string {
  const file = path.join(dir, `patients-${++scratch}.csv`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('CSV patient index: reading a good export', () => {
  it('finds patients by NHS number and by any of their hospital numbers', async () => {
    const index = await openCsvPatientIndex(indexFile(HEADER, ...GOOD_ROWS));
    expect(index.size).toBe(2);
    expect(await index.findByNhsNumber(JANE)).toEqual({
      nhsNumber: JANE,
      given: ['Jane', 'Ann'],
      family: 'Smith',
      birthDate: '1950-02-01',
      mrns: ['NB4417203', 'RX1234567'],
      gpPracticeOds: 'A81001',
    });
    const omar = await index.findByNhsNumber(OMAR);
    expect(omar?.family).toBe("O'Neill-Hart");
    expect(omar?.gpPracticeOds).toBeUndefined();
    expect((await index.findByMrn('RX1234567')).map((p) => p.nhsNumber)).toEqual([JANE]);
    // Hospital numbers are written with spaces and in lower case on some letters.
    expect((await index.findByMrn('nb 441 7203')).map((p) => p.nhsNumber)).toEqual([JANE]);
    expect(await index.findByNhsNumber(PRIYA)).toBeNull();
    expect(await index.findByMrn('ZZ0000000')).toEqual([]);
  });

  it('accepts columns in any order and case, extra columns, a BOM, CRLF, quoted cells and spaced NHS numbers', async () => {
    const file = indexFile(
      '\uFEFFFamily,Birth_Date,Extra,NHS_Number,Given\r',
      `"Smith, Jr",1950-02-01,ignored,999 012 3470,"Jane"\r`,
      `Hart,1982-11-30,,${OMAR},Omar\r`,
    );
    const index = await openCsvPatientIndex(file);
    expect(await index.findByNhsNumber(JANE)).toMatchObject({ family: 'Smith, Jr', given: ['Jane'], mrns: [] });
    expect(await index.findByNhsNumber(OMAR)).toMatchObject({ family: 'Hart', birthDate: '1982-11-30' });
  });

  it('returns every patient sharing a hospital number, so matching can see the ambiguity', async () => {
    const index = await openCsvPatientIndex(indexFile(HEADER, `${JANE},Jane,Smith,1950-02-01,NB1,`, `${OMAR},Omar,Hart,1982-11-30,nb1,`));
    expect((await index.findByMrn('NB1')).map((p) => p.nhsNumber).sort()).toEqual([JANE, OMAR].sort());
  });
});

describe('CSV patient index: by family name and date of birth', () => {
  it('finds exactly that family name (case, accents, hyphens and spaces aside) born that day, never a near one', async () => {
    const index = await openCsvPatientIndex(
      indexFile(HEADER, ...GOOD_ROWS, `${PRIYA},Priya,Smith,1950-02-01,NB7,`, `9994948709,Zoë,Smith-Jones,1950-02-01,,`),
    );
    const found = async (family: string, birthDate: string) => (await index.findByNameAndBirthDate(family, birthDate)).map((p) => p.nhsNumber).sort();
    expect(await found('Smith', '1950-02-01')).toEqual([JANE, PRIYA].sort());
    expect(await found('  SMITH ', '1950-02-01')).toEqual([JANE, PRIYA].sort());
    expect(await found('oneill hart', '1982-11-30')).toEqual([OMAR]);
    expect(await found("O'NEILL-HART", '1982-11-30')).toEqual([OMAR]);
    expect(await found('Smith Jones', '1950-02-01')).toEqual(['9994948709']);
    // Not fuzzy: another date, a longer or a different name finds nobody.
    expect(await found('Smith', '1950-02-02')).toEqual([]);
    expect(await found('Smit', '1950-02-01')).toEqual([]);
    expect(await found('Smyth', '1950-02-01')).toEqual([]);
    // An empty name must not find everyone born that day.
    expect(await found('', '1950-02-01')).toEqual([]);
    expect(await found('-', '1950-02-01')).toEqual([]);
  });
});

describe('CSV patient index: every malformed export is refused, naming the place', () => {
  const cases: Array<{ name: string; lines: string[]; message: RegExp }> = [
    { name: 'no header row columns', lines: ['nhs,first,last,dob', `${JANE},Jane,Smith,1950-02-01`], message: /lacks columns nhs_number, given, family, birth_date/ },
    { name: 'a missing required column', lines: ['nhs_number,given,family', `${JANE},Jane,Smith`], message: /lacks column birth_date/ },
    { name: 'a column named twice', lines: ['nhs_number,given,family,birth_date,family', `${JANE},Jane,Smith,1950-02-01,Smyth`], message: /column "family" twice/ },
    { name: 'an NHS number failing modulus 11', lines: [HEADER, GOOD_ROWS[0], `${FAILS_MODULUS_11},Omar,Hart,1982-11-30,,`], message: /line 3: nhs_number "9990123471" is not a valid NHS number/ },
    { name: 'an NHS number with letters', lines: [HEADER, `99901234O0,Omar,Hart,1982-11-30,,`], message: /line 2: nhs_number "99901234O0"/ },
    { name: 'an empty NHS number', lines: [HEADER, `,Omar,Hart,1982-11-30,,`], message: /line 2: nhs_number ""/ },
    { name: 'a DD/MM/YYYY date of birth', lines: [HEADER, `${OMAR},Omar,Hart,30/11/1982,,`], message: /line 2: birth_date "30\/11\/1982" is not a real date written YYYY-MM-DD/ },
    { name: 'an impossible date of birth', lines: [HEADER, `${OMAR},Omar,Hart,1982-02-30,,`], message: /line 2: birth_date "1982-02-30"/ },
    { name: 'an empty date of birth', lines: [HEADER, `${OMAR},Omar,Hart,,,`], message: /line 2: birth_date ""/ },
    { name: 'an empty family name', lines: [HEADER, `${OMAR},Omar,,1982-11-30,,`], message: /line 2: family is empty/ },
    { name: 'a malformed ODS code', lines: [HEADER, `${OMAR},Omar,Hart,1982-11-30,,A81-001`], message: /line 2: gp_practice_ods "A81-001" is not an ODS code/ },
    { name: 'the same NHS number twice', lines: [HEADER, ...GOOD_ROWS, `${JANE},Janet,Smith,1951-02-01,,`], message: /NHS number 999 012 3470 is on line 2 and line 4/ },
    { name: 'a row with too many cells', lines: [HEADER, `${OMAR},Omar,Hart,1982-11-30,,,surplus`], message: /Invalid Record Length|columns length/i },
    { name: 'an unclosed quote', lines: [HEADER, `${OMAR},"Omar,Hart,1982-11-30,,`], message: /Quote Not Closed|quote/i },
    { name: 'an empty file', lines: [''], message: /the file is empty; a header row is required/ },
    { name: 'a header but no patients', lines: [HEADER], message: /header but no patients/ },
  ];
  for (const { name, lines, message } of cases) {
    it(`refuses ${name}`, async () => {
      const error = await expectRectoError(openCsvPatientIndex(indexFile(...lines)), 'INVALID_PATIENT_INDEX');
      expect(error.message).toMatch(message);
      expect(error.retryable).toBe(false);
    });
  }
});

describe('CSV patient index: file availability and replacement', () => {
  it('reports a missing file as PATIENT_INDEX_UNAVAILABLE (retryable)', async () => {
    const error = await expectRectoError(openCsvPatientIndex(path.join(dir, 'no-such.csv')), 'PATIENT_INDEX_UNAVAILABLE');
    expect(error.retryable).toBe(true);
  });

  it('reports an unreadable path (a folder) as PATIENT_INDEX_UNAVAILABLE', async () => {
    const folder = path.join(dir, `folder-${++scratch}.csv`);
    mkdirSync(folder);
    await expectRectoError(openCsvPatientIndex(folder), 'PATIENT_INDEX_UNAVAILABLE');
  });

  it('reloads when the trust replaces the export, without a restart', async () => {
    const live = indexFile(HEADER, GOOD_ROWS[0]);
    const index = await openCsvPatientIndex(live);
    expect(await index.findByNhsNumber(PRIYA)).toBeNull();

    // Replaced atomically (written beside it, then moved over it), as the docs ask.
    const next = indexFile(HEADER, GOOD_ROWS[0], `${PRIYA},Priya,Patel,1990-07-15,NB7770001,B82002`);
    renameSync(next, live);
    expect(await index.findByNhsNumber(PRIYA)).toMatchObject({ family: 'Patel', gpPracticeOds: 'B82002' });
    expect(index.size).toBe(2);

    // Rewritten in place with different content is noticed too.
    writeFileSync(live, [HEADER, `${OMAR},Omar,Hart,1982-11-30,,`].join('\n'));
    expect(await index.findByNhsNumber(JANE)).toBeNull();
    expect(await index.findByNhsNumber(OMAR)).not.toBeNull();
  });

  it('refuses a broken replacement and recovers once the file is fixed', async () => {
    const live = indexFile(HEADER, GOOD_ROWS[0]);
    const index = await openCsvPatientIndex(live);

    writeFileSync(live, [HEADER, `${FAILS_MODULUS_11},Omar,Hart,1982-11-30,,`].join('\n'));
    await expectRectoError(index.findByNhsNumber(JANE), 'INVALID_PATIENT_INDEX');

    rmSync(live);
    await expectRectoError(index.findByNhsNumber(JANE), 'PATIENT_INDEX_UNAVAILABLE');

    writeFileSync(live, [HEADER, ...GOOD_ROWS].join('\n'));
    expect(await index.findByNhsNumber(JANE)).not.toBeNull();
    expect(index.size).toBe(2);
  });

  it('shares one reload between concurrent lookups', async () => {
    const live = indexFile(HEADER, ...GOOD_ROWS);
    const index = await openCsvPatientIndex(live);
    writeFileSync(live, [HEADER, GOOD_ROWS[1]].join('\n'));
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => index.findByNhsNumber(i % 2 ? JANE : OMAR)));
    expect(answers.filter((found) => found === null)).toHaveLength(10);
    expect(answers.filter((found) => found?.nhsNumber === OMAR)).toHaveLength(10);
  });
});
