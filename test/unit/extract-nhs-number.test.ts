import { describe, expect, it } from 'vitest';
import { extractFields } from '../../src/extract/extract-fields.ts';
import { parseExtractionConfig } from '../../src/extract/extraction-config.ts';
import { isValidNhsNumber } from '../../src/core/nhs-number.ts';
import { ocrFromText } from '../support/ocr-fixtures.ts';

const config = parseExtractionConfig({ referenceDate: '2025-06-01' });
const nhsNumbersIn = (...pages: string[]) => extractFields(ocrFromText(pages), config).nhsNumbers;
const valuesIn = (...pages: string[]) => nhsNumbersIn(...pages).map((found) => found.value);

// Test-range numbers (999 000 0000 – 999 999 9999) that pass modulus 11.
const VALID = '9999458076';
const OTHER_VALID = '9993021571';

describe('isValidNhsNumber (modulus 11)', () => {
  it('accepts numbers whose check digit matches', () => {
    for (const number of [VALID, OTHER_VALID, '9993681938', '9990364265', '9996369668']) expect(isValidNhsNumber(number)).toBe(true);
  });

  it('rejects a wrong check digit and a transposition', () => {
    expect(isValidNhsNumber('9999458077')).toBe(false);
    expect(isValidNhsNumber('9999548076')).toBe(false);
  });

  it('rejects every number whose check digit computes to 10', () => {
    // 999000000 weighs to a remainder of 1, so the check digit would be 10: no digit is valid.
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`999000000${last}`)).toBe(false);
  });

  it('rejects wrong lengths, non-digits and repeated digits', () => {
    expect(isValidNhsNumber('999945807')).toBe(false);
    expect(isValidNhsNumber('99994580761')).toBe(false);
    expect(isValidNhsNumber('999 945 8076')).toBe(false);
    expect(isValidNhsNumber('1111111111')).toBe(false);
  });
});

describe('NHS numbers in their written forms', () => {
  it.each([
    ['spaced 3-3-4', 'NHS No: 999 945 8076'],
    ['contiguous', 'NHS Number 9999458076'],
    ['dashed', 'NHS no. 999-945-8076'],
    ['unlabelled spaced', 'Mrs Jane Smith 999 945 8076'],
    ['unlabelled contiguous', 'Identifier 9999458076 recorded'],
    ['unlabelled dashed', 'Records team, patient 999-945-8076'],
    ['label on one line, number on the next', 'NHS No:\n999 945 8076'],
    ['oddly split by OCR after a label', 'NHS No: 99 9945 80 76'],
  ])('%s', (_case, text) => {
    expect(valuesIn(text)).toEqual([VALID]);
  });

  it('keeps the label and gives labelled evidence full confidence', () => {
    const [found] = nhsNumbersIn('NHS No: 999 945 8076');
    expect(found.label).toBe('NHS No');
    expect(found.confidence).toBe(95);
    expect(found.raw).toBe('999 945 8076');
    expect(found.corrected).toBeUndefined();
  });

  it('gives an unlabelled number lower confidence than a labelled one', () => {
    const [found] = nhsNumbersIn('Mrs Jane Smith 999 945 8076');
    expect(found.confidence).toBeLessThan(95);
    expect(found.label).toBeUndefined();
  });

  it('reads a number split across a line end', () => {
    expect(valuesIn('Seen today with her son, number 999 945\n8076 on the ward list')).toEqual([VALID]);
    expect(valuesIn('NHS No: 999 945\n8076')).toEqual([VALID]);
  });

  it('does not pull the next line into a complete labelled number', () => {
    expect(valuesIn('NHS No: 999 945 8076\n14 Orchard Close')).toEqual([VALID]);
  });

  it('boxes only the number, as the union of its words', () => {
    const [found] = nhsNumbersIn('NHS No: 999 945 8076');
    // "NHS No: " is 8 characters of 20 px from x=150; the three groups end 20 characters later.
    expect(found.foundAt).toEqual({ page: 0, bbox: { x0: 150 + 8 * 20, y0: 150, x1: 150 + 20 * 20, y1: 186 } });
  });

  it('reports the page it was found on', () => {
    const [found] = nhsNumbersIn('Continuation sheet', 'NHS No: 999 945 8076');
    expect(found.foundAt.page).toBe(1);
  });
});

describe('OCR look-alikes', () => {
  it('corrects O/l/S/B only when the result passes the check, flagged and with lower confidence', () => {
    // 9993021571 read as "999 3O2 l57l"? Only two look-alikes are allowed: O→0 and l→1.
    const [found] = nhsNumbersIn('NHS No: 999 3O2 l571');
    expect(found.value).toBe(OTHER_VALID);
    expect(found.corrected).toBe(true);
    expect(found.confidence).toBeLessThanOrEqual(95 - 30);
    expect(found.raw).toBe('999 3O2 l571');
  });

  it('corrects S→5 and B→8', () => {
    expect(nhsNumbersIn('NHS No: 999 94S B076').map((found) => [found.value, found.corrected])).toEqual([[VALID, true]]);
  });

  it('refuses a correction that does not pass the check', () => {
    expect(valuesIn('NHS No: 999 94S B077')).toEqual([]);
  });

  it('refuses more than two look-alikes', () => {
    expect(valuesIn('NHS No: 999 S4S B076')).toEqual([]);
  });

  it('can be switched off per trust', () => {
    const strict = parseExtractionConfig({ referenceDate: '2025-06-01', nhsNumberOcrCorrections: false });
    expect(extractFields(ocrFromText(['NHS No: 999 3O2 l571']), strict).nhsNumbers).toEqual([]);
  });

  it('prefers a clean sighting of the same number over a corrected one', () => {
    const [found] = nhsNumbersIn('NHS No: 999 3O2 l571\nNHS No: 999 302 1571');
    expect(found.corrected).toBeUndefined();
    expect(found.confidence).toBe(95);
  });
});

describe('misleading numbers are never returned', () => {
  it.each([
    ['a phone number', 'Tel: 01632 960 123'],
    ['a phone number in 4-3-4 form', 'Call 0161 496 0000 for results'],
    ['a 10-digit phone number that happens to pass modulus 11', 'Tel: 0163296014'],
    ['the same, unlabelled', 'Switchboard 0163296014'],
    ['a hospital number of ten digits', 'Hospital No: 9999458076'],
    ['a date', 'DOB: 01/02/1950'],
    ['a number failing modulus 11', 'NHS No: 999 945 8077'],
    ['a 10-digit run inside a longer run', 'Ref 99994580761'],
    ['a valid 3-3-4 inside a longer digit sequence', 'Account 12 999 945 8076'],
    ['a valid 3-3-4 followed by more digits', 'Order 999 945 8076 55'],
    ['a label followed by too many digits', 'NHS No: 999 945 8076 1234'],
    ['a label followed by a fragment', 'NHS No: 999 945'],
  ])('%s', (_case, text) => {
    expect(valuesIn(text)).toEqual([]);
  });

  it('ignores a mobile number printed beside the NHS number', () => {
    expect(valuesIn('NHS No: 999 945 8076   Tel: 07700 900086\nSpecimen No: 2603141147')).toEqual([VALID]);
  });

  it('ignores the phone number and keeps the NHS number on a busy line', () => {
    expect(valuesIn('Tel: 0113 496 0233   NHS No: 999 945 8076   Hospital No: KB2264091')).toEqual([VALID]);
  });
});

describe('more than one patient', () => {
  it('reports both numbers so matching sends the document to review', () => {
    const found = valuesIn('Patient: Mrs Jane Smith NHS No: 999 945 8076', 'Patient: Mr John Smith NHS No: 999 302 1571');
    expect(found.sort()).toEqual([OTHER_VALID, VALID].sort());
  });

  it('reports one number once however often it appears', () => {
    expect(valuesIn('NHS No: 999 945 8076', 'NHS No: 999 945 8076\nNHS number 9999458076')).toEqual([VALID]);
  });
});

describe('weak OCR evidence', () => {
  it('does not report a number whose words OCR was unsure of', () => {
    const pages = ocrFromText(['NHS No: 999 945 8076'], { confidence: (word) => (word === '945' ? 35 : 95) });
    expect(extractFields(pages, config).nhsNumbers).toEqual([]);
  });

  it('reports it with the weakest word\'s confidence when above the trust\'s floor', () => {
    const pages = ocrFromText(['NHS No: 999 945 8076'], { confidence: (word) => (word === '945' ? 62 : 95) });
    expect(extractFields(pages, config).nhsNumbers.map((found) => found.confidence)).toEqual([62]);
  });
});
