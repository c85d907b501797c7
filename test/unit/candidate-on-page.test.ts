import { describe, expect, it } from 'vitest';
import { candidateOnPage } from '../../src/review/candidate-on-page.ts';

/** Whether a page shows the patient a reviewer took from the index's candidates (invented people, test-range numbers). */

const ISLA = { nhsNumber: '9996324834', given: ['Isla', 'Grace'], family: 'Thornbury', birthDate: '1939-06-12', mrns: ['HL5530182'] };
const OBRIEN = { nhsNumber: '9994948709', given: ['Siobhán'], family: "O'Brien-Kelly", birthDate: '1950-02-01', mrns: ['NB4417203'] };

describe('candidateOnPage', () => {
  it('finds the family name and date of birth in any common written form', () => {
    for (const written of ['12/06/1939', '12/6/1939', '12-06-1939', '12.06.1939', '12/06/39', '12/6/39', '12 June 1939', '12th Jun 1939', 'June 12, 1939', '1939-06-12']) {
      const evidence = candidateOnPage(ISLA, `Re: Mrs Isla THORNBURY  DOB: ${written}\nClinic letter`);
      expect(evidence, written).toEqual({ onPage: ['family', 'given', 'birthDate'], shown: true });
    }
  });

  it('finds the NHS number or a hospital number however it is spaced, with the family name', () => {
    expect(candidateOnPage(ISLA, 'THORNBURY, Isla  NHS No: 999 632 4834')).toEqual({ onPage: ['nhsNumber', 'family', 'given'], shown: true });
    expect(candidateOnPage(ISLA, 'Patient: Thornbury\nHosp no hl 553 0182')).toEqual({ onPage: ['family', 'mrn'], shown: true });
  });

  it('compares names as names: case, accents, apostrophes and hyphens aside', () => {
    expect(candidateOnPage(OBRIEN, 'SIOBHAN OBRIEN KELLY 01/02/1950').shown).toBe(true);
    expect(candidateOnPage(OBRIEN, "Siobhán O'Brien-Kelly, born 1 February 1950").onPage).toEqual(['family', 'given', 'birthDate']);
  });

  it('is not found: the family name alone, or a date of birth alone, is not enough', () => {
    expect(candidateOnPage(ISLA, 'Dear Dr Thornbury, thank you for seeing this patient.')).toEqual({ onPage: ['family'], shown: false });
    expect(candidateOnPage(ISLA, 'DOB 12/06/1939 NHS 999 632 4834')).toEqual({ onPage: ['nhsNumber', 'birthDate'], shown: false });
    expect(candidateOnPage(ISLA, '')).toEqual({ onPage: [], shown: false });
  });

  it('is not found for another person: a different name, a longer name, a different date or number', () => {
    const page = 'Patient: Kerry Anne THORNBURY-HALE  DOB 22/11/1994  NHS 999 871 3064  Hosp no HL4471906';
    expect(candidateOnPage(ISLA, page)).toEqual({ onPage: [], shown: false });
    // Same family name on the page, but every other identifier is someone else's.
    expect(candidateOnPage(ISLA, 'Kerry THORNBURY DOB 22/11/1994 NHS 999 871 3064 HL4471906')).toEqual({ onPage: ['family'], shown: false });
    // A month written first numerically is not the UK reading, and digits inside a longer number do not count.
    expect(candidateOnPage(ISLA, 'Thornbury 06/12/1939 ref 199963248345 HL55301829').shown).toBe(false);
    expect(candidateOnPage(ISLA, 'Thornburys 12/06/1939').shown).toBe(false);
  });
});
