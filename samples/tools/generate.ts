// Regenerates every sample scan in samples/ and its golden files in samples/expected/.
// Run: npx tsx samples/tools/generate.ts [--only <file-name prefix>]
// e.g. `npm run samples:generate -- --only fields-` remakes just the fields-* samples and updates
// their manifest entries, leaving every other file alone. Use it on a machine without the URW
// Nimbus fonts: there librsvg substitutes another face and the Nimbus samples would change.
// Deterministic: each case has its own seeded Rng (derived from its file name), so the
// committed files only change when this code does. samples/ top level must hold scans
// only, because `recto scan samples/` treats every top-level file as input.

import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { CASES, type SampleCase } from './cases.ts';
import { checkFieldsDocument, writeExpectedFields } from './fields-output.ts';
import { type Block, pageBlocks } from './letter.ts';
import { assertTestNhsNumber } from './nhs.ts';
import { Rng, seedFor } from './prng.ts';
import { A4_PAPER, blankPage, layoutPage, mmToPx, rasterise, type Page, type Paper } from './render.ts';

const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXPECTED = join(SAMPLES, 'expected');

interface ManifestEntry {
  case: string;
  format: SampleCase['format'];
  pages: number;
  dpi: number;
  uprightRotation: number;
  deskewDegrees: number;
  blankPages: number[];
  nhsNumbers: string[];
  font: string | null;
}

/** Render the case's document (or a blank sheet) and return pages plus exact text per page. */
async function renderCase(c: SampleCase): Promise<{ pages: Page[]; text: string[][] }> {
  const doc = c.doc;
  let blockPages: Block[][];
  if (c.fields) blockPages = c.fields.pages;
  else if (doc) blockPages = doc.pages.map((_, i) => pageBlocks(doc, i));
  else return { pages: [blankPage(c.dpi)], text: [[]] };
  const family = c.font ?? 'DejaVu Sans';
  const paper = c.fields?.paper ?? A4_PAPER;
  const pages: Page[] = [];
  const text: string[][] = [];
  for (let i = 0; i < blockPages.length; i++) {
    const faxHeader = c.faxHeader?.(i + 1, blockPages.length);
    const layout = layoutPage(blockPages[i], { family, dpi: c.dpi, faxHeader, paper });
    const page = await rasterise(layout);
    checkInsideMargins(c.file, i, page, c.dpi, paper);
    pages.push(page);
    text.push(layout.lines);
  }
  for (const extra of c.extraPages ?? []) {
    if (!extra) {
      pages.push(blankPage(c.dpi));
      text.push([]);
      continue;
    }
    const layout = layoutPage(extra, { family, dpi: c.dpi, paper });
    pages.push(await rasterise(layout));
    text.push(layout.lines);
  }
  return { pages, text };
}

/**
 * Word wrapping uses estimated glyph widths, so verify on the pixels that no line runs into
 * the right margin (allowing 8 mm of the A4 letter's 20 mm margin) or off the bottom of the page.
 */
function checkInsideMargins(file: string, index: number, page: Page, dpi: number, paper: Paper): void {
  let maxX = 0;
  let maxY = 0;
  for (let y = 0; y < page.height; y++) {
    for (let x = page.width - 1; x > maxX; x--) {
      if (page.data[y * page.width + x] < 128) {
        maxX = x;
        break;
      }
    }
    if (page.data.subarray(y * page.width, (y + 1) * page.width).some((v) => v < 128)) maxY = y;
  }
  const limit = page.width - mmToPx(Math.max(0, paper.margin.right - 8), dpi);
  if (maxX > limit || maxY > page.height - mmToPx(Math.max(0, paper.margin.bottom - 4), dpi)) {
    throw new Error(`${file} page ${index + 1}: ink at x=${maxX}, y=${maxY} is outside the margins`);
  }
}

const wordCount = (lines: string[]): number => lines.join(' ').split(/\s+/).filter(Boolean).length;

async function describeOutput(file: string): Promise<string> {
  const { size } = await stat(file);
  if (file.endsWith('.pdf')) return `${(size / 1024).toFixed(0)} KB`;
  const m = await sharp(file).metadata();
  return `${(size / 1024).toFixed(0)} KB ${m.width}x${m.height} ${m.density ?? '?'}dpi pages=${m.pages ?? 1} ${m.channels}ch`;
}

/** `--only <prefix>`: the cases whose file name starts with the prefix; all cases without it. */
function selectedCases(argv: string[]): SampleCase[] {
  const at = argv.indexOf('--only');
  if (at < 0) return CASES;
  const prefix = argv[at + 1];
  const chosen = CASES.filter((c) => prefix && c.file.startsWith(prefix));
  if (chosen.length === 0) throw new Error(`--only ${prefix ?? ''}: no sample file name starts with that`);
  return chosen;
}

/** The manifest as committed, so a partial run keeps the entries of the cases it skipped. */
async function readManifest(): Promise<Record<string, ManifestEntry>> {
  const file = join(EXPECTED, 'manifest.json');
  return existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : {};
}

async function main(): Promise<void> {
  await mkdir(EXPECTED, { recursive: true });
  const previous = await readManifest();
  const made: Record<string, ManifestEntry> = {};
  for (const c of selectedCases(process.argv.slice(2))) {
    const { pages, text } = await renderCase(c);
    const out = join(SAMPLES, c.file);
    await c.make(out, pages, new Rng(seedFor(c.file)));

    // Golden text: lines joined by \n, each page ends with \n, pages separated by \f.
    const golden = text.every((t) => t.length === 0) ? '' : text.map((t) => `${t.join('\n')}\n`).join('\f');
    await writeFile(join(EXPECTED, `${parse(c.file).name}.txt`), golden, 'utf8');

    let nhsNumbers = c.doc ? [assertTestNhsNumber(c.doc.patient.nhsNumber)] : [];
    if (c.fields) {
      checkFieldsDocument(c.file, c.fields, golden);
      await writeExpectedFields(EXPECTED, c.file, c.fields.expected);
      nhsNumbers = c.fields.expected.nhsNumbers;
    }
    made[c.file] = {
      case: c.description,
      format: c.format,
      pages: pages.length,
      dpi: c.dpi,
      uprightRotation: c.uprightRotation,
      deskewDegrees: c.deskewDegrees,
      blankPages: text.flatMap((t, i) => (t.length === 0 ? [i] : [])),
      nhsNumbers,
      font: c.font,
    };
    console.log(`${c.file.padEnd(42)} words/page=${text.map(wordCount).join(',')} ${await describeOutput(out)}`);
  }
  // Catalogue order, so a full run and a partial one write the same file.
  const manifest: Record<string, ManifestEntry> = {};
  for (const c of CASES) {
    const entry = made[c.file] ?? previous[c.file];
    if (entry) manifest[c.file] = entry;
  }
  await writeFile(join(EXPECTED, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
