import { describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import { parseEnteredDate } from '../../src/review/entered-date.ts';

/** Dates as a reviewer types them: day first, the UK way, or YYYY-MM-DD; anything doubtful refused with a reason. */

const TODAY = '2026-12-02';

function refusal(text: string, kind: 'birth' | 'document' = 'birth'): string {
  try {
    parseEnteredDate(text, kind, TODAY);
  } catch (error) {
    expect(error).toBeInstanceOf(RectoError);
    expect((error as RectoError).code).toBe('BAD_REQUEST');
    return (error as RectoError).message;
  }
  throw new Error(`${text} was accepted`);
}

describe('a date typed by a reviewer', () => {
  it.each([
    ['12/06/1939', '1939-06-12'],
    ['1/2/1950', '1950-02-01'],
    ['01-02-1950', '1950-02-01'],
    ['01.02.1950', '1950-02-01'],
    [' 12 06 1939 ', '1939-06-12'],
    ['1939-06-12', '1939-06-12'],
    ['29/02/2024', '2024-02-29'],
  ])('%s is read day first as %s', (typed, iso) => {
    expect(parseEnteredDate(typed, 'birth', TODAY)).toBe(iso);
  });

  it('never swaps a "month" over 12 (US style) into a day', () => {
    expect(refusal('06/13/1939')).toMatch(/month over 12: UK dates are day first/);
  });

  it('refuses impossible, future, implausible and two-digit-year dates, saying how to enter it', () => {
    expect(refusal('31/02/1950')).toMatch(/no such day/);
    expect(refusal('29/02/2023')).toMatch(/no such day/);
    expect(refusal('01/01/2030')).toMatch(/in the future/);
    expect(refusal('01/01/1890')).toMatch(/implausible age/);
    expect(refusal('12/06/39')).toMatch(/year in full/);
    expect(refusal('12 June')).toMatch(/not a date Recto can read/);
    expect(refusal('1939-13-01')).toMatch(/month over 12/);
    expect(refusal('32/01/2020', 'document')).toMatch(/the document date "32\/01\/2020" cannot be right.*for example 12\/06\/1939/);
  });

  it('accepts a document date from long ago that would be an implausible birth date', () => {
    expect(parseEnteredDate('03/03/1895', 'document', TODAY)).toBe('1895-03-03');
  });
});
