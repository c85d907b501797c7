import { describe, expect, it } from 'vitest';
import { compactNhsNumber, isValidNhsNumber } from '../../src/core/nhs-number.ts';
import {
  bagOfWordsF1,
  characterErrorRate,
  findNhsNumbers,
  levenshteinDistance,
  nhsNumberRecall,
  normaliseForCer,
} from '../support/text-metrics.ts';

describe('normaliseForCer', () => {
  it('collapses every whitespace run, including newlines and form feeds, and trims', () => {
    expect(normaliseForCer('  Dear  Dr\tSmith,\n\nPage one\f\nPage\u00A0two \n')).toBe('Dear Dr Smith, Page one Page two');
  });

  it('maps curly quotes, dashes and ligatures to ASCII', () => {
    expect(normaliseForCer('\u201CIt\u2019s\u201D \u2014 a \uFB01ne \uFB02at 3\u20134 \u2018ok\u2019\u2026')).toBe(
      '"It\'s" - a fine flat 3-4 \'ok\'...',
    );
  });

  it('composes to NFC so decomposed accents compare equal to precomposed ones', () => {
    expect(normaliseForCer('Cafe\u0301')).toBe('Caf\u00E9');
  });

  it('keeps case', () => {
    expect(normaliseForCer('NHS nhs')).toBe('NHS nhs');
  });
});

describe('levenshteinDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['same text', 'same text', 0],
    ['ab\u{1F600}c', 'abc', 1], // an astral character is one edit, not two
  ])('distance(%j, %j) = %i', (a, b, expected) => {
    expect(levenshteinDistance(a, b)).toBe(expected);
    expect(levenshteinDistance(b, a)).toBe(expected);
  });
});

describe('characterErrorRate', () => {
  it('is 0 for identical text up to whitespace and typography', () => {
    expect(characterErrorRate('Patient\u2019s name:\n  Jane Doe', "Patient's name: Jane Doe\f")).toBe(0);
  });

  it('divides the edit distance by the normalised truth length', () => {
    // truth "abcdefghij" (10 chars), one substitution and one deletion
    expect(characterErrorRate('abcdefghij', 'abXdefghi')).toBeCloseTo(0.2, 10);
  });

  it('is 0 when both are empty and 1 when only the truth is empty', () => {
    expect(characterErrorRate('', '  \n')).toBe(0);
    expect(characterErrorRate('\f', 'noise')).toBe(1);
  });

  it('is 1 when nothing was read and can exceed 1 when text is invented', () => {
    expect(characterErrorRate('hello', '')).toBe(1);
    expect(characterErrorRate('ab', 'abcdef')).toBe(2);
  });

  it('handles a 5,000-character page quickly', () => {
    const words = ['patient', 'referral', 'clinic', 'NHS', 'number', 'discharge', 'summary', 'ward'];
    let truth = '';
    for (let i = 0; truth.length < 5000; i++) truth += words[(i * 7) % words.length] + (i % 11 === 0 ? '\n' : ' ');
    const hypothesis = truth.replace(/e/g, 'c').replace(/ward/g, 'wand');
    const started = performance.now();
    const cer = characterErrorRate(truth, hypothesis);
    const elapsedMs = performance.now() - started;
    expect(cer).toBeGreaterThan(0.05);
    expect(cer).toBeLessThan(0.2);
    expect(elapsedMs).toBeLessThan(2000);
  });
});

describe('bagOfWordsF1', () => {
  it('ignores word order', () => {
    expect(bagOfWordsF1('TOTAL 12.50\nCASH 20.00', 'CASH 20.00 TOTAL 12.50')).toBe(1);
  });

  it('counts repeated words as a multiset', () => {
    // truth has 4 words, hypothesis 2 of them: precision 1, recall 0.5
    expect(bagOfWordsF1('a a b c', 'a b')).toBeCloseTo(2 / 3, 10);
    // the hypothesis repeats a word the truth has once: precision 2/3, recall 1
    expect(bagOfWordsF1('a b', 'a a b')).toBeCloseTo(0.8, 10);
  });

  it('is 1 for two empty texts and 0 when only one is empty', () => {
    expect(bagOfWordsF1('', '')).toBe(1);
    expect(bagOfWordsF1('words', '')).toBe(0);
    expect(bagOfWordsF1('', 'words')).toBe(0);
  });
});

describe('findNhsNumbers', () => {
  it('finds spaced, hyphenated and compact forms in order', () => {
    const text = 'NHS No: 943 476 5919\nAlt: 401-023-2137, old ref 9876543210.';
    expect(findNhsNumbers(text)).toEqual(['9434765919', '4010232137', '9876543210']);
  });

  it('ignores longer digit runs, wrong grouping and mixed separators', () => {
    const text = 'Tel 01619434765919 / 94347 65919 / 943 476-5919 / 9434 765 919 / 943  476 5919';
    expect(findNhsNumbers(text)).toEqual([]);
  });

  it('does not check the checksum (that is isValidNhsNumber’s job)', () => {
    expect(findNhsNumbers('123 456 7890')).toEqual(['1234567890']);
  });
});

/** The support code has no NHS number check of its own: these hold for the one in src/core. */
describe('isValidNhsNumber (src/core)', () => {
  it.each(['9434765919', '4010232137', '943 476 5919', '943-476-5919'])('accepts %s', (n) => {
    expect(isValidNhsNumber(compactNhsNumber(n))).toBe(true);
  });

  it('rejects numbers of one repeated digit, which pass the arithmetic but are never issued', () => {
    expect(isValidNhsNumber('1111111111')).toBe(false);
  });

  it('maps a computed check digit of 11 to 0', () => {
    // 9·10+8·9+…+1·2 = 330 ≡ 0 (mod 11) → 11 → 0
    expect(isValidNhsNumber('9876543210')).toBe(true);
    expect(isValidNhsNumber('9876543211')).toBe(false);
  });

  it('rejects numbers whose check digit would be 10, whatever the last digit', () => {
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`123456789${last}`)).toBe(false);
  });

  it('rejects a wrong check digit, transposed digits and the wrong length', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('9434765991')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('94347659l9')).toBe(false);
  });
});

describe('nhsNumberRecall', () => {
  it('is the fraction of true numbers read exactly, whatever their formatting', () => {
    const hypothesis = 'Patient 943 476 5919 referred; GP ref 401-023-2l37';
    expect(nhsNumberRecall(['9434765919', '401 023 2137'], hypothesis)).toBe(0.5);
  });

  it('needs a number printed twice to be read twice', () => {
    expect(nhsNumberRecall(['9434765919', '9434765919'], 'p1: 9434765919')).toBe(0.5);
    expect(nhsNumberRecall(['9434765919', '9434765919'], 'p1: 9434765919\fp2: 943 476 5919')).toBe(1);
  });

  it('is 1 when there is nothing to find', () => {
    expect(nhsNumberRecall([], 'anything')).toBe(1);
  });
});
