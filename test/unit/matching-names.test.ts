import { describe, expect, it } from 'vitest';
import { compareNames, missingNamePart, normaliseNamePart } from '../../src/matching/name-agreement.ts';
import { compactNhsNumber, formatNhsNumber, isValidNhsNumber } from '../../src/core/nhs-number.ts';

/** The two small rules matching rests on: what counts as the same name, and a valid NHS number. */

describe('name normalising', () => {
  it('drops case, accents, hyphens, apostrophes, spaces and dots', () => {
    expect(normaliseNamePart("O'Neill-Smith")).toBe('oneillsmith');
    expect(normaliseNamePart('O’NEILL SMITH')).toBe('oneillsmith');
    expect(normaliseNamePart('Zoë')).toBe('zoe');
    expect(normaliseNamePart('J.')).toBe('j');
  });

  it('keeps letters of other scripts, so two such names never both normalise to ""', () => {
    expect(normaliseNamePart('Ольга')).toBe('ольга');
    expect(compareNames({ given: ['Ольга'], family: 'Иванова', text: 'Ольга Иванова' }, { given: ['Анна'], family: 'Иванова' }).agrees).toBe(false);
  });

  it('needs both a family name and a first name or initial on the document', () => {
    expect(missingNamePart({ given: [], family: 'Smith', text: 'Mr Smith' })).toBe('first name or initial');
    expect(missingNamePart({ given: ['Jane'], family: '', text: 'Jane' })).toBe('family name');
    expect(missingNamePart({ given: ['J'], family: 'Smith', text: 'J Smith' })).toBeNull();
  });

  it('does not accept a name the index cannot confirm (no given name held)', () => {
    expect(compareNames({ given: ['Jane'], family: 'Smith', text: 'Jane Smith' }, { given: [], family: 'Smith' })).toMatchObject({ agrees: false });
  });

  it('does not treat a shorter family name as agreeing with a double-barrelled one', () => {
    expect(compareNames({ given: ['Jane'], family: 'Smith', text: 'Jane Smith' }, { given: ['Jane'], family: 'Smith-Jones' }).agrees).toBe(false);
  });
});

describe('NHS numbers', () => {
  it('checks the modulus 11 check digit', () => {
    expect(isValidNhsNumber('9990123470')).toBe(true);
    expect(isValidNhsNumber('9990123471')).toBe(false);
    expect(isValidNhsNumber('999012347')).toBe(false);
    expect(isValidNhsNumber('999 012 3470')).toBe(false);
  });

  it('refuses numbers whose check digit would be 10 (never issued)', () => {
    // A nine-digit start whose weighted sum leaves remainder 1 would need check digit 10.
    const nineDigits = Array.from({ length: 1000 }, (_, i) => String(999000000 + i)).find((prefix) => {
      const sum = [...prefix].reduce((total, digit, position) => total + Number(digit) * (10 - position), 0);
      return sum % 11 === 1;
    });
    expect(nineDigits).toBeDefined();
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`${nineDigits}${last}`)).toBe(false);
  });

  it('compacts and formats as people write them', () => {
    expect(compactNhsNumber('999 012-3470')).toBe('9990123470');
    expect(formatNhsNumber('9990123470')).toBe('999 012 3470');
  });
});
