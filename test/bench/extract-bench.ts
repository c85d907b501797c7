/**
 * `npm run bench:extract [-- --sidecars DIR] [--verbose]`: field extraction scored against the
 * samples' expected values, on the true text of each sample and on real OCR of the samples:
 * the fields the sidecars `recto scan samples/ --out DIR --json` wrote (DIR/<stem>.json) hold,
 * made now by running it unless --sidecars names a folder from an earlier run (a version 1
 * sidecar, which has no fields, is extracted here from its pages).
 *
 * Expected values: samples/expected/fields.json (an array of entries) and one
 * samples/expected/fields-<name>.json per added sample (one entry). Each entry:
 *
 *   {
 *     "file": "clean-letter.png",              // file name in samples/
 *     "documentType": "clinic-letter",         // a DocumentTypeKey (src/extract/document-types.ts)
 *     "nhsNumbers": ["9996369668"],            // every valid NHS number, 10 digits; [] if none
 *     "mrns": ["NB4417203"],                   // hospital numbers, no spaces
 *     "patientName": {"given": ["Arthur"], "family": "Pennington"} | null,
 *     "birthDate": "1951-11-03" | null,        // YYYY-MM-DD
 *     "documentDate": "2025-03-14" | null,
 *     "author": "Dr Samuel Okonkwo" | null,    // as signed, with title
 *     "department": "Cardiology" | null        // without trust, hospital or ward
 *   }
 *
 * null = the document does not show it (anything extracted is a false positive); a key left
 * out = not scored. Samples in manifest.json without an entry are scored on NHS numbers only.
 * Comparison rules and the full description: samples/expected/FIELDS-FORMAT.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { OcrResult } from '../../src/core/types.ts';
import type { Sidecar } from '../../src/core/sidecar.ts';
import { extractFields } from '../../src/extract/extract-fields.ts';
import type { DocumentTypeKey, ExtractedFields } from '../../src/extract/extracted-fields.ts';
import { parseExtractionConfig } from '../../src/extract/extraction-config.ts';
import {
  type ExpectedFields,
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

const { values: flags } = parseArgs({
  options: { sidecars: { type: 'string' }, verbose: { type: 'boolean', default: false } },
});

const config = parseExtractionConfig();

/** Entries from fields*.json, plus NHS-number-only entries for manifest samples without one. */
function expectedEntries(): ExpectedFields[] {
  const entries = loadExpectedFields();
  const known = new Set(entries.map((entry) => entry.file));
  for (const [file, sample] of Object.entries(sampleManifest())) {
    const entry = entries.find((candidate) => candidate.file === file);
    if (!known.has(file)) entries.push({ file, nhsNumbers: sample.nhsNumbers });
    else if (entry && !entry.nhsNumbers) entry.nhsNumbers = sample.nhsNumbers;
  }
  return entries.sort((a, b) => a.file.localeCompare(b.file));
}

/** The fields `recto scan` wrote, or (version 1, no fields) the sidecar's pages to extract them from. */
function sidecarFields(dir: string, file: string): ExtractedFields | OcrResult[] | undefined {
  const sidecarPath = path.join(dir, `${path.basename(file, path.extname(file))}.json`);
  if (!existsSync(sidecarPath)) return undefined;
  const sidecar = JSON.parse(readFileSync(sidecarPath, 'utf8')) as Sidecar | (Omit<Sidecar, 'fields'> & { fields?: undefined });
  if (sidecar.fields) return sidecar.fields;
  return sidecar.pages.map((page) => ({ text: page.text, words: page.words, lines: page.lines, meanConfidence: page.meanConfidence }));
}

interface TypeTally {
  total: number;
  correct: number;
  wrong: string[];
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`.padStart(7);
}

function runSource(name: string, fieldsOf: (entry: ExpectedFields) => ExtractedFields | OcrResult[] | undefined): void {
  const tallies = Object.fromEntries(SCORED_FIELDS.map((field) => [field, emptyTally()])) as Record<ScoredField, FieldTally>;
  const types = new Map<DocumentTypeKey, TypeTally>();
  let documents = 0;
  for (const entry of expectedEntries()) {
    const found = fieldsOf(entry);
    if (!found) continue;
    documents++;
    const fields = Array.isArray(found) ? extractFields(found, config) : found;
    scoreDocument(tallies, entry, fields);
    if (entry.documentType) {
      const tally = types.get(entry.documentType) ?? { total: 0, correct: 0, wrong: [] };
      tally.total++;
      if (fields.documentType.key === entry.documentType) tally.correct++;
      else tally.wrong.push(`${entry.file} → ${fields.documentType.key} (${fields.documentType.evidence.slice(0, 2).join('; ')})`);
      types.set(entry.documentType, tally);
    }
  }
  console.log(`\n== ${name}: ${documents} documents ==`);
  console.log('field          TP  FP  FN  precision  recall');
  for (const field of SCORED_FIELDS) {
    const tally = tallies[field];
    const counts = [tally.truePositives, tally.falsePositives, tally.falseNegatives].map((n) => String(n).padStart(3)).join(' ');
    console.log(`${field.padEnd(13)} ${counts}    ${pct(precision(tally))} ${pct(recall(tally))}`);
    if (flags.verbose) for (const error of tally.errors) console.log(`    ${error}`);
  }
  let total = 0;
  let correct = 0;
  console.log('document type       n  correct  accuracy');
  for (const [type, tally] of [...types.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    total += tally.total;
    correct += tally.correct;
    console.log(`${type.padEnd(18)} ${String(tally.total).padStart(2)}  ${String(tally.correct).padStart(7)}  ${pct(tally.correct / tally.total)}`);
    for (const wrong of tally.wrong) console.log(`    ${wrong}`);
  }
  if (total > 0) console.log(`${'all types'.padEnd(18)} ${String(total).padStart(2)}  ${String(correct).padStart(7)}  ${pct(correct / total)}`);
}

runSource('true text (ocrFromText of samples/expected/*.txt)', (entry) => {
  const truth = truthTextOf(entry.file);
  return truth === undefined ? undefined : ocrFromTruth(truth);
});

// Without --sidecars, read the samples for real first (the same `recto scan` users run), so
// one run scores extraction on what OCR actually made of the scans.
const sidecarDir = flags.sidecars ? path.resolve(flags.sidecars) : scanSamplesNow();
runSource(`OCR sidecars in ${sidecarDir}`, (entry) => sidecarFields(sidecarDir, entry.file));

function scanSamplesNow(): string {
  const out = mkdtempSync(path.join(os.tmpdir(), 'recto-extract-bench-'));
  console.log(`reading the samples with recto scan into ${out} (a few minutes)…`);
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, [path.join(root, 'src/cli/recto.js'), 'scan', path.join(root, 'samples'), '--out', out, '--json'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}
