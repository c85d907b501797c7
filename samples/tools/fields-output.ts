// Writes a fields-* sample's expected extraction (samples/expected/fields-<name>.json, format in
// samples/expected/FIELDS-FORMAT.md) and checks its NHS numbers against the printed text before
// anything is written, so a typo in the corpus fails the generator instead of a test later.

import { writeFile } from 'node:fs/promises';
import { join, parse } from 'node:path';
import type { ExpectedFields, FieldsDocument } from './fields-document.ts';
import { assertTestNhsNumber, isValidNhsNumber } from './nhs.ts';

/** The page text with spaces and hyphens removed between digits, for finding numbers in any grouping. */
const digitsJoined = (text: string): string => text.replace(/(?<=\d)[ -](?=\d)/g, '');

export function checkFieldsDocument(file: string, doc: FieldsDocument, golden: string): void {
  const printed = digitsJoined(golden);
  for (const n of doc.expected.nhsNumbers) {
    assertTestNhsNumber(n);
    if (!printed.includes(n)) throw new Error(`${file}: expected NHS number ${n} is not printed`);
  }
  for (const n of doc.invalidNhsNumbers ?? []) {
    if (isValidNhsNumber(n)) throw new Error(`${file}: ${n} is meant to fail modulus 11 but passes`);
    if (!printed.includes(n)) throw new Error(`${file}: invalid NHS number ${n} is not printed`);
  }
}

export async function writeExpectedFields(dir: string, file: string, expected: ExpectedFields): Promise<void> {
  // Spelled out so the keys come in FIELDS-FORMAT.md's order; undefined (= not scored) drops out.
  const entry = {
    file,
    documentType: expected.documentType,
    nhsNumbers: expected.nhsNumbers,
    mrns: expected.mrns,
    patientName: expected.patientName,
    birthDate: expected.birthDate,
    documentDate: expected.documentDate,
    author: expected.author,
    department: expected.department,
  };
  await writeFile(join(dir, `${parse(file).name}.json`), `${JSON.stringify(entry, null, 2)}\n`, 'utf8');
}
