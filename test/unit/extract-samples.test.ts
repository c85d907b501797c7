import { describe, expect, it } from 'vitest';
import { extractFields } from '../../src/extract/extract-fields.ts';
import { parseExtractionConfig } from '../../src/extract/extraction-config.ts';
import {
  type FieldTally,
  SCORED_FIELDS,
  type ScoredField,
  emptyTally,
  loadExpectedFields,
  precision,
  recall,
  scoreDocument,
  truthTextOf,
} from '../support/expected-fields.ts';
import { ocrFromTruth } from '../support/ocr-fixtures.ts';
import { sampleManifest } from '../support/samples.ts';

/**
 * Extraction over the true text of every sample (samples/expected/*.txt), against the NHS
 * numbers in manifest.json and the values in samples/expected/fields*.json — including the
 * fields-*.json files added with new samples.
 */
const config = parseExtractionConfig();
const manifest = sampleManifest();
const expectedEntries = loadExpectedFields();
const withTruth = expectedEntries.flatMap((entry) => {
  const truth = truthTextOf(entry.file);
  return truth === undefined ? [] : [{ entry, fields: extractFields(ocrFromTruth(truth), config) }];
});

describe('NHS numbers on the samples\' true text', () => {
  const manifestSamples = Object.entries(manifest).filter(([file]) => truthTextOf(file) !== undefined);

  it.each(manifestSamples)('%s: exactly the numbers in manifest.json, the patient\'s and other people\'s', (file, sample) => {
    const fields = extractFields(ocrFromTruth(truthTextOf(file) ?? ''), config);
    const every = [...fields.nhsNumbers, ...(fields.otherPersonsNhsNumbers ?? [])].map((found) => found.value);
    expect(every.sort()).toEqual([...sample.nhsNumbers].sort());
  });

  it.each(withTruth.filter(({ entry }) => entry.nhsNumbers).map(({ entry, fields }) => [entry.file, entry, fields] as const))(
    '%s: exactly the numbers in fields*.json',
    (_file, entry, fields) => {
      expect(fields.nhsNumbers.map((found) => found.value).sort()).toEqual([...(entry.nhsNumbers ?? [])].sort());
      // Other people's numbers and dates of birth are kept, with whose they are, and only those.
      const whose = (values: Array<{ value: string; who: string }> = []) => values.map(({ value, who }) => `${who} ${value}`).sort();
      expect(whose(fields.otherPersonsNhsNumbers)).toEqual(whose(entry.otherPersonsNhsNumbers));
      expect(whose(fields.otherPersonsBirthDates)).toEqual(whose(entry.otherPersonsBirthDates));
      expect((fields.unreadableNhsNumbers ?? []).map((found) => found.value)).toEqual(entry.unreadableNhsNumbers ?? []);
    },
  );
});

describe('every field on the samples\' true text meets the issue\'s targets', () => {
  const tallies = Object.fromEntries(SCORED_FIELDS.map((field) => [field, emptyTally()])) as Record<ScoredField, FieldTally>;
  let typed = 0;
  let typedCorrectly = 0;
  const wrongTypes: string[] = [];
  for (const { entry, fields } of withTruth) {
    scoreDocument(tallies, entry, fields);
    if (!entry.documentType) continue;
    typed++;
    if (fields.documentType.key === entry.documentType) typedCorrectly++;
    else wrongTypes.push(`${entry.file}: expected ${entry.documentType}, got ${fields.documentType.key}`);
  }

  it('has expected values to check against', () => {
    expect(withTruth.length).toBeGreaterThanOrEqual(14);
  });

  it('NHS number: precision 100 %, recall at least 95 %', () => {
    expect(tallies.nhsNumbers.errors).toEqual([]);
    expect(precision(tallies.nhsNumbers)).toBe(1);
    expect(recall(tallies.nhsNumbers)).toBeGreaterThanOrEqual(0.95);
  });

  it('date of birth: recall at least 90 %, and never a wrong date', () => {
    expect(recall(tallies.birthDate), tallies.birthDate.errors.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(precision(tallies.birthDate), tallies.birthDate.errors.join('\n')).toBe(1);
  });

  it('document type: accuracy at least 90 %', () => {
    expect(typedCorrectly / Math.max(1, typed), wrongTypes.join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('names, hospital numbers, dates, authors and departments: recall at least 90 %', () => {
    for (const field of ['mrns', 'patientName', 'documentDate', 'author', 'department'] as const) {
      expect(recall(tallies[field]), `${field}: ${tallies[field].errors.join('; ')}`).toBeGreaterThanOrEqual(0.9);
    }
  });
});
