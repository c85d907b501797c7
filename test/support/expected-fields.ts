import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DocumentTypeKey, ExtractedFields } from '../../src/extract/extracted-fields.ts';
import { DOCUMENT_TYPES } from '../../src/extract/document-types.ts';

/**
 * The expected extraction values of the samples: samples/expected/fields.json (an array) and
 * one samples/expected/fields-*.json per added sample (one entry, or an array). The format is
 * described in samples/expected/FIELDS-FORMAT.md. A key left out is not scored; null means
 * "the document does not show it", so anything extracted for it is a false positive.
 */

const documentTypeKeys = DOCUMENT_TYPES.map((entry) => entry.key) as [DocumentTypeKey, ...DocumentTypeKey[]];

export const ExpectedFieldsSchema = z.object({
  file: z.string().min(1),
  documentType: z.enum(documentTypeKeys).optional(),
  nhsNumbers: z.array(z.string().regex(/^\d{10}$/, 'NHS numbers are 10 digits, no spaces')).optional(),
  /** NHS numbers the page labels as someone else's ("Mother's NHS Number"): never the patient's. */
  /** Labelled NHS numbers that cannot be read (fail modulus 11), digits as printed. */
  unreadableNhsNumbers: z.array(z.string()).optional(),
  otherPersonsNhsNumbers: z.array(z.object({ value: z.string().regex(/^\d{10}$/), who: z.string() })).optional(),
  mrns: z.array(z.string()).optional(),
  patientName: z.object({ given: z.array(z.string()), family: z.string() }).nullable().optional(),
  birthDate: z.iso.date().nullable().optional(),
  otherPersonsBirthDates: z.array(z.object({ value: z.iso.date(), who: z.string() })).optional(),
  documentDate: z.iso.date().nullable().optional(),
  author: z.string().nullable().optional(),
  department: z.string().nullable().optional(),
});

export type ExpectedFields = z.infer<typeof ExpectedFieldsSchema>;

export const EXPECTED_DIR = path.resolve(import.meta.dirname, '../../samples/expected');

/** Every expected entry, by sample file name; an entry in a fields-*.json file overrides fields.json. */
export function loadExpectedFields(dir = EXPECTED_DIR): ExpectedFields[] {
  const files = readdirSync(dir)
    .filter((name) => /^fields(?:-.+)?\.json$/.test(name))
    .sort((a, b) => (a === 'fields.json' ? -1 : b === 'fields.json' ? 1 : a.localeCompare(b)));
  const byFile = new Map<string, ExpectedFields>();
  for (const name of files) {
    const json: unknown = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    const parsed = z.array(ExpectedFieldsSchema).safeParse(Array.isArray(json) ? json : [json]);
    if (!parsed.success) throw new Error(`${name}: ${z.prettifyError(parsed.error)}`);
    for (const entry of parsed.data) byFile.set(entry.file, entry);
  }
  return [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
}

/** The sample's true text (pages split by form feeds), when samples/expected/<stem>.txt exists. */
export function truthTextOf(file: string, dir = EXPECTED_DIR): string | undefined {
  const truthPath = path.join(dir, `${path.basename(file, path.extname(file))}.txt`);
  return existsSync(truthPath) ? readFileSync(truthPath, 'utf8') : undefined;
}

const TITLES = /\b(?:Dr|Mr|Mrs|Miss|Ms|Mx|Prof|Professor|Master|Sir|Dame)\b\.?/gi;
const POST_NOMINALS = /\b(?:FRCS|FRCP|MRCP|FRCR|FRCA|FRCOG|MRCS|MRCGP|MBBS|MBChB|MD|PhD|BSc|MSc|FRCPCH|RGN|RN)\b/g;

/** Case, accents and punctuation do not count: OCR often adds an accent to a plain letter. */
function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

export function normaliseAuthor(text: string): string {
  return foldAccents(text).replace(TITLES, ' ').replace(POST_NOMINALS, ' ').replace(/[^\p{L}\s-]/gu, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function normaliseDepartment(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b(?:department\s+of|dept\.?\s+of|department|dept|outpatients?|clinic)\b/g, ' ')
    .replace(/[^\p{L}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function sameDepartment(expected: string, found: string): boolean {
  const a = normaliseDepartment(expected);
  const b = normaliseDepartment(found);
  return a !== '' && b !== '' && (a === b || a.includes(b) || b.includes(a));
}

/** Tallies for one field over many documents. */
export interface FieldTally {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** What went wrong, for the report: "file: expected X, got Y". */
  errors: string[];
}

export type ScoredField = 'nhsNumbers' | 'mrns' | 'patientName' | 'birthDate' | 'documentDate' | 'author' | 'department';
export const SCORED_FIELDS: ScoredField[] = ['nhsNumbers', 'mrns', 'patientName', 'birthDate', 'documentDate', 'author', 'department'];

export function emptyTally(): FieldTally {
  return { truePositives: 0, falsePositives: 0, falseNegatives: 0, errors: [] };
}

function scoreSet(tally: FieldTally, file: string, expected: string[], found: string[]): void {
  const want = new Set(expected.map((value) => value.replace(/[\s-]/g, '').toUpperCase()));
  const got = new Set(found.map((value) => value.replace(/[\s-]/g, '').toUpperCase()));
  for (const value of got) {
    if (want.has(value)) tally.truePositives++;
    else {
      tally.falsePositives++;
      tally.errors.push(`${file}: unexpected ${value}`);
    }
  }
  for (const value of want) {
    if (!got.has(value)) {
      tally.falseNegatives++;
      tally.errors.push(`${file}: missed ${value}`);
    }
  }
}

function scoreSingle(tally: FieldTally, file: string, expected: string | null, found: string | undefined, same: (a: string, b: string) => boolean): void {
  if (expected === null) {
    if (found !== undefined) {
      tally.falsePositives++;
      tally.errors.push(`${file}: expected none, got "${found}"`);
    }
    return;
  }
  if (found === undefined) {
    tally.falseNegatives++;
    tally.errors.push(`${file}: missed "${expected}"`);
  } else if (same(expected, found)) {
    tally.truePositives++;
  } else {
    // A wrong value is both a false positive and a miss.
    tally.falsePositives++;
    tally.falseNegatives++;
    tally.errors.push(`${file}: expected "${expected}", got "${found}"`);
  }
}

/** Adds one document's comparison to the tallies; keys left out of `expected` are skipped. */
export function scoreDocument(tallies: Record<ScoredField, FieldTally>, expected: ExpectedFields, fields: ExtractedFields): void {
  const file = expected.file;
  if (expected.nhsNumbers) scoreSet(tallies.nhsNumbers, file, expected.nhsNumbers, fields.nhsNumbers.map((v) => v.value));
  if (expected.mrns) scoreSet(tallies.mrns, file, expected.mrns, fields.mrns.map((v) => v.value));
  const exact = (a: string, b: string) => a === b;
  if (expected.patientName !== undefined) {
    const name = (n: { given: string[]; family: string }) => foldAccents(`${n.given[0] ?? ''} ${n.family}`).toLowerCase();
    const found = fields.patientName?.value;
    scoreSingle(tallies.patientName, file, expected.patientName && name(expected.patientName), found && name(found), exact);
  }
  if (expected.birthDate !== undefined) scoreSingle(tallies.birthDate, file, expected.birthDate, fields.birthDate?.value, exact);
  if (expected.documentDate !== undefined) scoreSingle(tallies.documentDate, file, expected.documentDate, fields.documentDate?.value, exact);
  if (expected.author !== undefined) {
    scoreSingle(tallies.author, file, expected.author, fields.author?.value, (a, b) => normaliseAuthor(a) === normaliseAuthor(b));
  }
  if (expected.department !== undefined) scoreSingle(tallies.department, file, expected.department, fields.department?.value, sameDepartment);
}

export function precision(tally: FieldTally): number {
  const found = tally.truePositives + tally.falsePositives;
  return found === 0 ? 1 : tally.truePositives / found;
}

export function recall(tally: FieldTally): number {
  const wanted = tally.truePositives + tally.falseNegatives;
  return wanted === 0 ? 1 : tally.truePositives / wanted;
}
