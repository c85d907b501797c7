import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DocumentTypeKey } from '../../src/extract/extracted-fields.ts';
import { SAMPLES_DIR, sampleManifest, sampleTruth } from '../support/samples.ts';
import { isValidNhsNumber } from '../../src/core/nhs-number.ts';
import { findNhsNumbers } from '../support/text-metrics.ts';

/**
 * The expected extractions of the fields-* samples (samples/expected/fields-*.json, format in
 * samples/expected/FIELDS-FORMAT.md) checked against the sample's true text: a value that is not
 * printed on the page, or a valid NHS number the page prints but the file forgets, would make
 * every extraction score wrong in a way nobody would notice.
 */

const EXPECTED_DIR = path.join(SAMPLES_DIR, 'expected');

const DOCUMENT_TYPE_KEYS = [
  'clinic-letter', 'discharge-summary', 'referral-letter', 'outpatient-letter', 'operation-note', 'radiology-report',
  'pathology-report', 'consent-form', 'drug-chart', 'observation-chart', 'gp-record', 'other',
] as const satisfies readonly DocumentTypeKey[];

// Strict: an unknown key is more likely a typo ("birthdate") than a new field.
const ExpectedEntry = z.strictObject({
  file: z.string().regex(/^fields-[a-z0-9.-]+\.(?:png|jpg|pdf|tif)$/),
  documentType: z.enum(DOCUMENT_TYPE_KEYS),
  nhsNumbers: z.array(z.string().regex(/^\d{10}$/)),
  /** Labelled NHS numbers that fail the modulus 11 check, digits as printed. */
  unreadableNhsNumbers: z.array(z.string().regex(/^\d{9,11}$/)).optional(),
  otherPersonsNhsNumbers: z.array(z.strictObject({ value: z.string().regex(/^\d{10}$/), who: z.string().min(1) })).optional(),
  mrns: z.array(z.string().regex(/^[A-Z0-9]+$/)),
  patientName: z.strictObject({ given: z.array(z.string().min(1)).min(1), family: z.string().min(1) }).nullable(),
  birthDate: z.iso.date().nullable(),
  otherPersonsBirthDates: z.array(z.strictObject({ value: z.iso.date(), who: z.string().min(1) })).optional(),
  documentDate: z.iso.date().nullable().optional(),
  author: z.string().min(1).nullable().optional(),
  department: z.string().min(1).nullable().optional(),
});
type ExpectedEntry = z.infer<typeof ExpectedEntry>;

/** The patient's NHS numbers and other people's, as printed on the page. */
const everyNhsNumber = (entry: ExpectedEntry): string[] => [...entry.nhsNumbers, ...(entry.otherPersonsNhsNumbers ?? []).map((other) => other.value)];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ordinal = (day: number): string =>
  `${day}${day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th'}`;

/** The ways a UK document prints a date: 01/02/1950, 1.2.1950, 1 Feb 1950, 01-FEB-1950, 1st February 1950... */
function ukDateRenderings(iso: string): string[] {
  const [year, month, day] = iso.split('-').map(Number);
  const days = [String(day), String(day).padStart(2, '0'), ordinal(day)];
  const numericMonths = [String(month), String(month).padStart(2, '0')];
  const namedMonths = [MONTHS[month - 1], MONTHS[month - 1].slice(0, 3)];
  const out: string[] = [];
  for (const d of days) {
    for (const m of numericMonths) for (const sep of ['/', '.', '-']) out.push(`${d}${sep}${m}${sep}${year}`);
    for (const m of namedMonths) for (const sep of [' ', '-']) out.push(`${d}${sep}${m}${sep}${year}`);
  }
  return out;
}

/** Case-insensitive, and not inside a longer word or number ("1 Feb 2026" is not in "11 Feb 2026"). */
const printedOn = (truth: string, value: string): boolean =>
  new RegExp(`(?<![\\p{L}\\d])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\d])`, 'iu').test(truth);

const expectedFiles = readdirSync(EXPECTED_DIR).filter((name) => /^fields-.+\.json$/.test(name)).sort();
const manifest = sampleManifest();

describe('expected extraction of the fields-* samples', () => {
  it('has one expected file for every fields-* sample, and a sample for every expected file', () => {
    const samples = readdirSync(SAMPLES_DIR).filter((name) => name.startsWith('fields-')).map((name) => path.parse(name).name);
    expect(expectedFiles.map((name) => path.parse(name).name)).toEqual(samples.sort());
    expect(samples.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of expectedFiles) {
    describe(name, () => {
      const entry: ExpectedEntry = ExpectedEntry.parse(JSON.parse(readFileSync(path.join(EXPECTED_DIR, name), 'utf8')));
      const truth = sampleTruth(entry.file);

      it('names its own sample, which exists and is in the manifest', () => {
        expect(path.parse(entry.file).name).toBe(path.parse(name).name);
        expect(existsSync(path.join(SAMPLES_DIR, entry.file))).toBe(true);
        // The manifest lists every number printed; the expected file splits off other people's.
        expect(manifest[entry.file]?.nhsNumbers.slice().sort()).toEqual(everyNhsNumber(entry).sort());
      });

      it('lists only distinct, valid, test-range NHS numbers that are printed', () => {
        expect(new Set(everyNhsNumber(entry)).size).toBe(everyNhsNumber(entry).length);
        const printed = findNhsNumbers(truth);
        for (const n of everyNhsNumber(entry)) {
          expect(isValidNhsNumber(n), n).toBe(true);
          expect(n.startsWith('999'), n).toBe(true);
          expect(printed, n).toContain(n);
        }
      });

      it('forgets no valid test-range NHS number printed on the page', () => {
        const valid = findNhsNumbers(truth).filter((n) => n.startsWith('999') && isValidNhsNumber(n));
        expect(everyNhsNumber(entry).sort()).toEqual([...new Set(valid)].sort());
      });

      it('has its unreadable NHS numbers printed, and failing the check', () => {
        const printed = truth.replace(/[\s-]/g, '');
        for (const n of entry.unreadableNhsNumbers ?? []) {
          expect(printed, n).toContain(n);
          expect(isValidNhsNumber(n), n).toBe(false);
        }
      });

      it('has every hospital number, name part, author and department printed on the page', () => {
        for (const mrn of entry.mrns) expect(printedOn(truth, mrn), mrn).toBe(true);
        if (entry.patientName) {
          for (const part of [...entry.patientName.given, entry.patientName.family]) {
            expect(printedOn(truth, part), part).toBe(true);
          }
        }
        if (entry.author) expect(printedOn(truth, entry.author), entry.author).toBe(true);
        if (entry.department) expect(printedOn(truth, entry.department), entry.department).toBe(true);
      });

      it('has its dates printed on the page in a UK format', () => {
        for (const iso of [entry.birthDate, entry.documentDate, ...(entry.otherPersonsBirthDates ?? []).map((other) => other.value)]) {
          if (!iso) continue;
          expect(ukDateRenderings(iso).some((written) => printedOn(truth, written)), iso).toBe(true);
        }
      });
    });
  }
});

describe('ukDateRenderings', () => {
  it('covers the formats the samples use', () => {
    const forms = ukDateRenderings('1950-02-01');
    for (const written of ['01/02/1950', '1 Feb 1950', '01.02.1950', '1 February 1950', '01-Feb-1950', '1st February 1950']) {
      expect(forms).toContain(written);
    }
  });
});
