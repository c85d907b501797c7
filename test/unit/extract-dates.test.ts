import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/extract/date-parse.ts';
import { extractFields } from '../../src/extract/extract-fields.ts';
import { parseExtractionConfig } from '../../src/extract/extraction-config.ts';
import { ocrFromText } from '../support/ocr-fixtures.ts';

const config = parseExtractionConfig({ referenceDate: '2025-06-01' });
const fieldsOf = (...pages: string[]) => extractFields(ocrFromText(pages), config);

describe('date of birth', () => {
  it.each([
    ['DOB: 01/02/1950', '1950-02-01'],
    ['D.O.B. 01-02-1950', '1950-02-01'],
    ['Date of birth: 1 Feb 1950', '1950-02-01'],
    ['DOB 01.02.1950', '1950-02-01'],
    ['Born: 1st February 1950', '1950-02-01'],
    ['Date of Birth: February 1, 1950', '1950-02-01'],
    ['DOB: 01-FEB-1950', '1950-02-01'],
    ['DOB:\n01/02/1950', '1950-02-01'],
    ['Re: Mrs Jane SMITH, DOB 03/11/1951, NHS No 999 945 8076', '1951-11-03'],
  ])('%s', (text, expected) => {
    expect(fieldsOf(text).birthDate?.value).toBe(expected);
  });

  it('reads UK day-first and refuses a US-style date rather than swapping it', () => {
    expect(fieldsOf('DOB: 05/12/1966').birthDate?.value).toBe('1966-12-05');
    expect(fieldsOf('DOB: 12/31/1950').birthDate).toBeUndefined();
  });

  it('refuses dates that do not exist', () => {
    expect(fieldsOf('DOB: 31/02/1950').birthDate).toBeUndefined();
    expect(fieldsOf('DOB: 29/02/1951').birthDate).toBeUndefined();
    expect(fieldsOf('DOB: 29/02/1952').birthDate?.value).toBe('1952-02-29');
  });

  it('resolves a two-digit year only when one century gives a plausible age', () => {
    const fifty = fieldsOf('DOB: 01/02/50').birthDate;
    expect(fifty?.value).toBe('1950-02-01');
    expect(fifty?.confidence).toBeLessThan(95);
    // 1915 and 2015 are both possible birth years in 2025: refused.
    expect(fieldsOf('DOB: 01/02/15').birthDate).toBeUndefined();
  });

  it('refuses a birth date after the document date or in the future', () => {
    expect(fieldsOf('Date: 14 March 2025\nDOB: 20/03/2025').birthDate).toBeUndefined();
    expect(fieldsOf('DOB: 01/02/2030').birthDate).toBeUndefined();
  });

  it('keeps the label, the raw text and the box of the date alone', () => {
    const birthDate = fieldsOf('DOB: 01/02/1950').birthDate;
    expect(birthDate).toMatchObject({ raw: '01/02/1950', label: 'DOB', confidence: 95 });
    expect(birthDate?.foundAt).toEqual({ page: 0, bbox: { x0: 150 + 5 * 20, y0: 150, x1: 150 + 15 * 20, y1: 186 } });
  });

  it('flags two different dates of birth as a conflict with low confidence', () => {
    const birthDate = fieldsOf('DOB: 01/02/1950', 'DOB: 02/01/1950').birthDate;
    expect(birthDate?.value).toBe('1950-02-01');
    expect(birthDate?.conflicts).toEqual(['1950-01-02']);
    expect(birthDate?.confidence).toBeLessThanOrEqual(20);
  });

  it('does not take other dates for the date of birth', () => {
    expect(fieldsOf('Date: 14 March 2025\nAdmitted: 18/08/2024').birthDate).toBeUndefined();
  });
});

describe('document date', () => {
  it.each([
    ['Date: 14 March 2025', '2025-03-14', 'Date'],
    ['Date of letter: 14/03/2025', '2025-03-14', 'Date of letter'],
    ['Clinic date: 10/03/2025', '2025-03-10', 'Clinic date'],
    ['Date of discharge: 22.08.2024', '2024-08-22', 'Date of discharge'],
    ['Dictated: 12/03/2025', '2025-03-12', 'Dictated'],
    ['Date of operation: 29/04/2025', '2025-04-29', 'Date of operation'],
  ])('%s', (text, expected, label) => {
    expect(fieldsOf(text).documentDate).toMatchObject({ value: expected, label });
  });

  it('takes a letter date standing alone near the top', () => {
    const text = 'Northbrook Hospitals NHS Foundation Trust\n\n14 March 2025\n\nDr Helen Marsh\nDear Dr Marsh,';
    expect(fieldsOf(text).documentDate?.value).toBe('2025-03-14');
  });

  it('prefers the letter date to the discharge and dictation dates', () => {
    const text = 'Date: 22 August 2024\nDOB: 05/12/1966\nAdmitted: 18/08/2024 Discharged: 21/08/2024\nDictated: 23/08/2024';
    const fields = fieldsOf(text);
    expect(fields.documentDate?.value).toBe('2024-08-22');
    expect(fields.documentDate?.conflicts).toBeUndefined();
    expect(fields.birthDate?.value).toBe('1966-12-05');
  });

  it('never takes the date of birth for the document date', () => {
    expect(fieldsOf('Date of birth: 01/02/1950').documentDate).toBeUndefined();
  });

  it('refuses a US-style document date', () => {
    expect(fieldsOf('Date: 03/14/2025').documentDate).toBeUndefined();
  });

  it('resolves a two-digit document year to the latest past century, with lower confidence', () => {
    const documentDate = fieldsOf('Date: 14/01/25').documentDate;
    expect(documentDate?.value).toBe('2025-01-14');
    expect(documentDate?.confidence).toBeLessThan(95);
  });
});

describe('findDates', () => {
  it('finds every written form and says why it refused one', () => {
    const tokens = findDates('seen 3 March 2025, bloods 04/03/2025, x-ray 2025-03-05, follow-up 13/31/2025', 'document', '2025-06-01');
    expect(tokens.map((token) => token.iso ?? token.refused)).toEqual(['2025-03-03', '2025-03-04', 'month over 12: UK dates are day first']);
  });
});
