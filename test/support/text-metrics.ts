/**
 * Text-accuracy metrics shared by the golden tests and the OCR bench.
 *
 * Everything here compares *normalised* text: OCR engines differ in how they lay out whitespace
 * and which typographic glyphs they emit (’ vs ', ﬁ vs fi), and neither says anything about
 * whether the words were read correctly.
 */

/** Typographic characters that OCR engines and ground-truth files use interchangeably with ASCII. */
const ASCII_EQUIVALENTS: ReadonlyMap<string, string> = new Map([
  // single quotes, apostrophes, primes
  ['\u2018', "'"], ['\u2019', "'"], ['\u201A', "'"], ['\u201B', "'"], ['\u2032', "'"], ['\u00B4', "'"],
  // double quotes
  ['\u201C', '"'], ['\u201D', '"'], ['\u201E', '"'], ['\u201F', '"'], ['\u2033', '"'], ['\u00AB', '"'], ['\u00BB', '"'],
  // hyphens, dashes, minus
  ['\u2010', '-'], ['\u2011', '-'], ['\u2012', '-'], ['\u2013', '-'], ['\u2014', '-'], ['\u2015', '-'], ['\u2212', '-'],
  ['\u00AD', ''], // soft hyphen is invisible on the page
  ['\u2026', '...'],
  // Latin ligatures (tesseract emits ﬁ/ﬂ for some fonts)
  ['\uFB00', 'ff'], ['\uFB01', 'fi'], ['\uFB02', 'fl'], ['\uFB03', 'ffi'], ['\uFB04', 'ffl'], ['\uFB05', 'st'], ['\uFB06', 'st'],
]);

const TYPOGRAPHIC_CHAR = new RegExp(`[${[...ASCII_EQUIVALENTS.keys()].join('')}]`, 'gu');

/**
 * NFC, typographic glyphs mapped to ASCII, every whitespace run (spaces, tabs, newlines, form
 * feeds, no-break spaces) collapsed to one space, trimmed. Case is kept: a misread capital is an error.
 */
export function normaliseForCer(text: string): string {
  return text
    .normalize('NFC')
    .replace(TYPOGRAPHIC_CHAR, (ch) => ASCII_EQUIVALENTS.get(ch) ?? ch)
    .replace(/[\s\u200B\uFEFF]+/gu, ' ')
    .trim();
}

/** Unicode code points, so an astral character counts as one edit, not two UTF-16 units. */
function toCodePoints(text: string): Int32Array {
  const points = new Int32Array(text.length);
  let n = 0;
  for (const ch of text) points[n++] = ch.codePointAt(0) ?? 0;
  return points.subarray(0, n);
}

/**
 * Levenshtein distance (insert/delete/substitute, each cost 1) over code points.
 * O(n·m) time, O(min(n,m)) memory with two Int32Array rows; a 5,000 × 5,000 page takes ~50 ms.
 */
export function levenshteinDistance(a: string, b: string): number {
  let s = toCodePoints(a);
  let t = toCodePoints(b);
  // Common prefix/suffix cost nothing and are the bulk of a good OCR result.
  let start = 0;
  while (start < s.length && start < t.length && s[start] === t[start]) start++;
  let endS = s.length;
  let endT = t.length;
  while (endS > start && endT > start && s[endS - 1] === t[endT - 1]) { endS--; endT--; }
  s = s.subarray(start, endS);
  t = t.subarray(start, endT);
  if (s.length < t.length) [s, t] = [t, s];
  if (t.length === 0) return s.length;

  let previous = new Int32Array(t.length + 1);
  let current = new Int32Array(t.length + 1);
  for (let j = 0; j <= t.length; j++) previous[j] = j;
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    const si = s[i - 1];
    for (let j = 1; j <= t.length; j++) {
      const substitution = previous[j - 1] + (si === t[j - 1] ? 0 : 1);
      const deletion = previous[j] + 1;
      const insertion = current[j - 1] + 1;
      current[j] = Math.min(substitution, deletion, insertion);
    }
    [previous, current] = [current, previous];
  }
  return previous[t.length];
}

/**
 * Character error rate: edit distance between the normalised texts ÷ normalised truth length.
 *
 * - Both empty → 0 (a blank page read as blank is perfect).
 * - Truth empty, hypothesis not → 1 (everything the engine produced is wrong; there is no
 *   truth length to divide by, so we report the worst "normal" value rather than Infinity).
 * - Otherwise the standard, uncapped CER: it can exceed 1 when the engine invents more text than
 *   the page holds, and we keep that visible instead of hiding it with a cap.
 */
export function characterErrorRate(truth: string, hypothesis: string): number {
  const t = normaliseForCer(truth);
  const h = normaliseForCer(hypothesis);
  if (t.length === 0) return h.length === 0 ? 0 : 1;
  return levenshteinDistance(t, h) / [...t].length;
}

/** Whitespace-separated tokens of the normalised text, counted (a multiset). */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const normalised = normaliseForCer(text);
  if (normalised === '') return counts;
  for (const word of normalised.split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * Order-insensitive word F1 (multiset intersection), for ground truth whose order is not reading
 * order (SROIE lists boxes in annotation order). Case-sensitive, punctuation kept, like CER.
 * Both empty → 1; exactly one empty → 0.
 */
export function bagOfWordsF1(truth: string, hypothesis: string): number {
  const truthWords = wordCounts(truth);
  const hypothesisWords = wordCounts(hypothesis);
  let truthTotal = 0;
  let hypothesisTotal = 0;
  let matched = 0;
  for (const n of truthWords.values()) truthTotal += n;
  for (const [word, n] of hypothesisWords) {
    hypothesisTotal += n;
    matched += Math.min(n, truthWords.get(word) ?? 0);
  }
  if (truthTotal === 0 && hypothesisTotal === 0) return 1;
  if (matched === 0) return 0;
  const precision = matched / hypothesisTotal;
  const recall = matched / truthTotal;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * 3-3-4 digit groups separated by nothing, or by one space or one hyphen used consistently
 * (`999 123 4567`, `999-123-4567`, `9991234567`); not part of a longer digit run.
 */
const NHS_NUMBER_PATTERN = /(?<!\d)(\d{3})([ -]?)(\d{3})\2(\d{4})(?!\d)/g;

/**
 * Every NHS-number-shaped string in the text, as 10-digit strings in order of appearance
 * (duplicates kept). No checksum test: OCR misreads often still look like numbers, and callers
 * decide whether to filter with src/core/nhs-number.ts's isValidNhsNumber (the one check).
 */
export function findNhsNumbers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(NHS_NUMBER_PATTERN)) found.push(match[1] + match[3] + match[4]);
  return found;
}

/**
 * Fraction of the true NHS numbers that appear, exactly, among the numbers found in the
 * hypothesis. Multiset semantics: a number printed twice must be read twice. No true numbers → 1.
 */
export function nhsNumberRecall(truthNumbers: readonly string[], hypothesisText: string): number {
  if (truthNumbers.length === 0) return 1;
  const available = new Map<string, number>();
  for (const n of findNhsNumbers(hypothesisText)) available.set(n, (available.get(n) ?? 0) + 1);
  let found = 0;
  for (const raw of truthNumbers) {
    const n = raw.replace(/[ -]/g, '');
    const left = available.get(n) ?? 0;
    if (left > 0) {
      found++;
      available.set(n, left - 1);
    }
  }
  return found / truthNumbers.length;
}
