import { describe, expect, it } from 'vitest';
import { extractFields } from '../../src/extract/extract-fields.ts';
import { parseExtractionConfig } from '../../src/extract/extraction-config.ts';
import { ocrFromText } from '../support/ocr-fixtures.ts';

/**
 * NHS numbers and dates of birth the page labels as someone else's are never the patient's:
 * they are kept apart, with whose they are, for the reviewer. Test-range numbers passing
 * modulus 11; invented people.
 */

const config = parseExtractionConfig({ referenceDate: '2026-06-01' });
const PATIENT = '9999458076';
const OTHER = '9993021571';
const fieldsOf = (text: string, options = {}) => extractFields(ocrFromText([text], options), config);

describe('NHS numbers labelled as someone else\'s', () => {
  it.each([
    ['mother', "Mother's NHS Number: 999 302 1571"],
    ['mother', 'Mother’s NHS No: 999 302 1571'],
    ['mother', 'Mothers NHS No 9993021571'],
    ['mother', "Mum's NHS number: 999 302 1571"],
    ['mother', 'Mother: Mrs Kerry Thornbury NHS No: 999 302 1571'],
    ['father', "Father's NHS No: 999 302 1571"],
    ['father', 'Dad NHS number 999 302 1571'],
    ['baby', 'Baby NHS number: 999 302 1571'],
    ['baby', "Baby's NHS No: 999 302 1571"],
    ['twin', 'Twin 2 NHS No: 999 302 1571'],
    ['twin', "Twin B's NHS number: 999 302 1571"],
    ['next-of-kin', 'NOK NHS No: 999 302 1571'],
    ['next-of-kin', 'Next of kin: Mr Paul Hart NHS No: 999 302 1571'],
    ['next-of-kin', 'NOK: Mr Paul Hart, NHS number 999 302 1571'],
    ['gp', 'GP: Dr Samir Chaudhry NHS No: 999 302 1571'],
    ['gp', 'Registered GP: Dr Ann Lowe NHS No 999 302 1571'],
    ['cc', 'cc: Mrs Ann Hart NHS No: 999 302 1571'],
    ['partner', "Partner's NHS No: 999 302 1571"],
    ['husband', 'Husband: Mr Paul Hart NHS No: 999 302 1571'],
    ['wife', "Wife's NHS number 999 302 1571"],
    ['wife', 'Mrs Ann Hart (wife) NHS No: 999 302 1571'],
    ['son', "Son's NHS No: 999 302 1571"],
    ['daughter', 'Daughter NHS No: 999 302 1571'],
    ['mother', 'Mother: Mrs Kerry Thornbury\nDOB: 22.11.1994\nNHS No: 999 302 1571'],
    ['mother', 'Mother: Mrs Kerry Thornbury 999 302 1571'],
  ])('%s: %s', (who, line) => {
    const fields = fieldsOf(`Patient: Isla Thornbury\nNHS No: 999 945 8076\n${line}`);
    expect(fields.nhsNumbers.map((found) => found.value)).toEqual([PATIENT]);
    expect(fields.otherPersonsNhsNumbers).toEqual([
      expect.objectContaining({ value: OTHER, who, foundAt: { page: 0, bbox: expect.any(Object) }, confidence: expect.any(Number) }),
    ]);
  });

  it('never offers another person\'s number as the patient\'s, even when it is the only one', () => {
    const fields = fieldsOf("Baby: Isla Grace Thornbury\nDate of birth: 3 Feb 2026\nMother's NHS Number: 999 302 1571");
    expect(fields.nhsNumbers).toEqual([]);
    expect(fields.otherPersonsNhsNumbers?.map((found) => [found.value, found.who, found.label])).toEqual([[OTHER, 'mother', 'NHS Number']]);
  });

  it('treats a number labelled as someone else\'s anywhere as someone else\'s everywhere', () => {
    const fields = fieldsOf(`NOK NHS No: 999 302 1571\nRef 999 302 1571`);
    expect(fields.nhsNumbers).toEqual([]);
    expect(fields.otherPersonsNhsNumbers?.map((found) => found.who)).toEqual(['next-of-kin']);
  });

  it('keeps the patient\'s own labels: "Baby:" heading a neonatal summary, a block after a GP line, a surname like "Jackson"', () => {
    expect(fieldsOf('Baby: Isla Grace Thornbury NHS Number: 999 945 8076').nhsNumbers.map((found) => found.value)).toEqual([PATIENT]);
    expect(fieldsOf('Patient: Stanley Bradwell\nGP: Dr Y Lowe, Park Surgery\nNHS No: 999 945 8076').nhsNumbers.map((found) => found.value)).toEqual([PATIENT]);
    expect(fieldsOf('Name: Mr Tom Jackson NHS No: 999 945 8076').nhsNumbers.map((found) => found.value)).toEqual([PATIENT]);
    expect(fieldsOf('Patient: Mrs Ann Hart\nMother: Mrs Jo Lee NHS No: 999 302 1571\nNHS No: 999 945 8076').nhsNumbers.map((found) => found.value)).toEqual([PATIENT]);
  });
});

describe('labelled NHS numbers that cannot be read', () => {
  it('reports a second labelled number failing the modulus 11 check', () => {
    const fields = fieldsOf('NHS No: 999 945 8076\nNHS No: 999 302 1572');
    expect(fields.nhsNumbers.map((found) => found.value)).toEqual([PATIENT]);
    expect(fields.unreadableNhsNumbers).toEqual([expect.objectContaining({ value: '9993021572', problem: 'fails-check', label: 'NHS No' })]);
  });

  it('reports one read with low confidence, with its confidence', () => {
    const fields = fieldsOf('NHS No: 999 945 8076\nNHS No: 999 302 1571', { confidence: (word: string) => (word === '1571' ? 31 : 95) });
    expect(fields.nhsNumbers.map((found) => found.value)).toEqual([PATIENT]);
    expect(fields.unreadableNhsNumbers).toEqual([expect.objectContaining({ value: OTHER, problem: 'low-confidence', confidence: 31 })]);
  });

  it('reports nine or eleven digits after a label, but not "NHS 111" or a run into a phone number', () => {
    expect(fieldsOf('NHS No: 999 302 157').unreadableNhsNumbers).toEqual([expect.objectContaining({ value: '999302157', problem: 'not-ten-digits' })]);
    expect(fieldsOf('If worried call NHS 111 at any time').unreadableNhsNumbers).toEqual([]);
    expect(fieldsOf('NHS No: 999 945 8076 01632 960944').unreadableNhsNumbers).toEqual([]);
  });

  it('ignores a faint sighting of a number read well elsewhere (a repeated footer)', () => {
    const fields = fieldsOf('NHS No: 999 945 8076\nFooter NHS No: 999 945 8076', { confidence: (_word: string, _page: number, line: number) => (line === 1 ? 20 : 95) });
    expect(fields.nhsNumbers.map((found) => found.value)).toEqual([PATIENT]);
    expect(fields.unreadableNhsNumbers).toEqual([]);
  });

  it('marks an unreadable number labelled as someone else\'s with whose it is', () => {
    expect(fieldsOf("Mother's NHS No: 999 302 1572").unreadableNhsNumbers).toEqual([expect.objectContaining({ problem: 'fails-check', who: 'mother' })]);
  });
});

describe('dates of birth labelled as someone else\'s', () => {
  it.each([
    ['mother', "Mother's DOB: 22/11/1994"],
    ['mother', "Mum's date of birth: 22/11/1994"],
    ['mother', 'Mother: Mrs Kerry Thornbury DOB: 22/11/1994'],
    ['mother', 'Mother: Mrs Kerry Thornbury\nDOB: 22/11/1994'],
    ['mother', 'Mother: Mrs Kerry Thornbury\nAddress: 9 Weir Cottages\nDOB: 22/11/1994'],
    ['father', "Father's D.O.B. 22/11/1994"],
    ['baby', "Baby's DOB: 22/11/1994"],
    ['twin', 'Twin 1 DOB: 22/11/1994'],
    ['next-of-kin', 'NOK DOB: 22/11/1994'],
    ['next-of-kin', 'Next of kin: Mr Paul Hart DOB 22/11/1994'],
    ['partner', 'Partner: Mr Paul Hart\nDate of birth: 22/11/1994'],
    ['husband', "Husband's date of birth 22/11/1994"],
    ['wife', 'Wife DOB: 22/11/1994'],
    ['son', 'Son: Tom Hart DOB: 22/11/1994'],
    ['daughter', "Daughter's DOB: 22/11/1994"],
    ['gp', 'GP: Dr Ann Lowe DOB: 22/11/1994'],
    ['cc', 'cc: Mrs Ann Hart DOB: 22/11/1994'],
  ])('%s: %s', (who, line) => {
    const fields = fieldsOf(`Patient: Isla Thornbury\nDOB: 03/02/2026\n${line}`);
    expect(fields.birthDate).toMatchObject({ value: '2026-02-03' });
    expect(fields.birthDate?.conflicts).toBeUndefined();
    expect(fields.otherPersonsBirthDates).toEqual([expect.objectContaining({ value: '1994-11-22', who, foundAt: expect.any(Object) })]);
  });

  it('leaves the patient with no date of birth when the only one is someone else\'s', () => {
    const fields = fieldsOf("Baby: Isla Thornbury\nMother's DOB: 22/11/1994");
    expect(fields.birthDate).toBeUndefined();
    expect(fields.otherPersonsBirthDates?.map((found) => found.who)).toEqual(['mother']);
  });

  it('ends a relative\'s block at a field it already gave', () => {
    const fields = fieldsOf('Mother: Mrs Kerry Thornbury DOB: 22/11/1994\nDOB: 03/02/2026');
    expect(fields.birthDate).toMatchObject({ value: '2026-02-03' });
  });
});
