/**
 * `npm run bench:profile`: where the CPU goes for one page at a time, end to end, through
 * Recto's own stages (decode, clean, hand-over to the engine, engine, result conversion,
 * extraction and assembly), beside the same page read by the native tesseract CLI.
 *
 * Everything runs one page at a time with one OCR worker, so the process's CPU time in each
 * step is that step's cost (libvips and tesseract.js threads included). CPU seconds, not wall
 * time, are reported: they hold up on a shared machine where wall time does not.
 *
 *   npm run bench:profile -- [--repeat N] [files...]   (default: five samples, 2 repeats)
 */
import { readFile } from 'node:fs/promises';
import { basename, parse, resolve } from 'node:path';
import { parsePipelineOptions } from '../../src/core/config.ts';
import { decodeOcrImage, encodeOcrImage } from '../../src/core/ocr-image.ts';
import { createTesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { assembleDocument, type ProcessedPage } from '../../src/stages/assemble/assemble-document.ts';
import { cleanOptionsFor } from '../../src/stages/clean/clean-options.ts';
import { cleanPage } from '../../src/stages/clean/clean-page.ts';
import { extract } from '../../src/stages/decide/extract.ts';
import { ocrPage } from '../../src/stages/ocr/ocr-page.ts';
import { detectInputFormat } from '../../src/stages/split/detect-type.ts';
import { openPages } from '../../src/stages/split/split-pages.ts';
import { nativeCliCpuSeconds } from './profile-native-cli.ts';
import { formatTable } from './text-table.ts';

const DEFAULT_FILES = ['clean-letter.png', 'skewed-7deg.jpg', 'noisy-speckle.png', 'fields-drug-chart.png', 'scanned-discharge.pdf'].map((name) =>
  resolve('samples', name),
);

interface StepCosts {
  decode: number;
  clean: number;
  handOver: number;
  engine: number;
  assemble: number;
  nativeCli: number;
  pages: number;
}

const STEPS: Array<[keyof StepCosts, string]> = [
  ['decode', 'decode/split'],
  ['clean', 'clean (incl. OCR image encode)'],
  ['handOver', '  of which OCR image encode'],
  ['engine', 'tesseract.js recognize (decode in worker, LSTM, result tree, conversion)'],
  ['assemble', 'extract + assemble (PDF/A, sidecar)'],
];

const args = process.argv.slice(2);
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(args.splice(repeatAt, 2)[1]) : 2;
const files = args.length > 0 ? args.map((file) => resolve(file)) : DEFAULT_FILES;

/** Process CPU seconds (user + system, every thread) spent in `work`. */
async function cpuOf<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const before = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(before);
  return { value, seconds: (used.user + used.system) / 1e6 };
}

const options = parsePipelineOptions({});
const engine = await createTesseractEngine({ workers: 1 });
const totals = new Map<string, StepCosts>();
try {
  // One page read first so start-up costs (model load, JIT) are not charged to the first file.
  const warm = await readFile(DEFAULT_FILES[0]);
  await profileFile(basename(DEFAULT_FILES[0]), warm);
  for (let round = 0; round < repeat; round++) {
    for (const file of files) {
      const costs = await profileFile(basename(file), await readFile(file));
      const sum = totals.get(file) ?? { decode: 0, clean: 0, handOver: 0, engine: 0, assemble: 0, nativeCli: 0, pages: 0 };
      for (const key of Object.keys(sum) as Array<keyof StepCosts>) sum[key] += costs[key];
      totals.set(file, sum);
    }
  }
} finally {
  await engine.close();
}
printReport();

async function profileFile(fileName: string, data: Buffer): Promise<StepCosts> {
  const costs: StepCosts = { decode: 0, clean: 0, handOver: 0, engine: 0, assemble: 0, nativeCli: 0, pages: 0 };
  const format = detectInputFormat(data, fileName);
  const opened = await cpuOf(() => openPages(data, format, fileName, options));
  costs.decode += opened.seconds;
  const pages = opened.value;
  const processed: ProcessedPage[] = [];
  try {
    for (let index = 0; index < pages.count; index++) {
      const raw = await cpuOf(() => pages.load(index));
      costs.decode += raw.seconds;
      const cleaned = await cpuOf(() => cleanPage(raw.value, cleanOptionsFor(options, engine)));
      costs.clean += cleaned.seconds;
      costs.handOver += await encodeCost(cleaned.value.ocrImage);
      if (cleaned.value.ocrImage.length > 0) costs.nativeCli += await nativeCliCpuSeconds(cleaned.value.ocrImage, cleaned.value.dpi);
      const read = await cpuOf(() => ocrPage(cleaned.value, engine));
      costs.engine += read.seconds;
      const { engineMs, ...ocr } = read.value;
      processed.push({ cleaned: cleaned.value, ocr, timingsMs: { clean: 0, ocr: engineMs ?? 0 } });
      costs.pages += 1;
    }
  } finally {
    await pages.close();
  }
  const assembled = await cpuOf(async () => {
    const fields = extract(processed.map((page) => page.ocr));
    return assembleDocument({
      source: { fileName, stem: parse(fileName).name, sha256: '0'.repeat(64), sizeBytes: data.length, format, receivedAt: new Date() },
      pages: processed,
      fields,
      engineVersion: engine.version,
      options,
      splitMs: 0,
      elapsedMs: () => 0,
    });
  });
  costs.assemble += assembled.seconds;
  return costs;
}

/** What producing the OCR image costs: the same encode the clean stage does, timed on its own. */
async function encodeCost(image: Buffer): Promise<number> {
  if (image.length === 0) return 0;
  const pixels = decodeOcrImage(image);
  const { seconds } = await cpuOf(async () => encodeOcrImage(pixels));
  return seconds;
}

function printReport(): void {
  const all: StepCosts = { decode: 0, clean: 0, handOver: 0, engine: 0, assemble: 0, nativeCli: 0, pages: 0 };
  for (const costs of totals.values()) for (const key of Object.keys(all) as Array<keyof StepCosts>) all[key] += costs[key];
  const perPage = (value: number, pages: number): string => (pages === 0 ? '-' : (value / pages).toFixed(2));
  console.log(`\nCPU seconds per page (process CPU, one page at a time, ${repeat} round(s), ${all.pages} pages in all)\n`);
  const rows = [...totals.entries()].map(([file, costs]) => {
    const recto = costs.decode + costs.clean + costs.engine + costs.assemble;
    return [
      basename(file),
      String(costs.pages / repeat),
      ...STEPS.map(([key]) => perPage(costs[key], costs.pages)),
      perPage(recto, costs.pages),
      perPage(costs.nativeCli, costs.pages),
    ];
  });
  const recto = all.decode + all.clean + all.engine + all.assemble;
  rows.push(['all', String(all.pages / repeat), ...STEPS.map(([key]) => perPage(all[key], all.pages)), perPage(recto, all.pages), perPage(all.nativeCli, all.pages)]);
  console.log(formatTable(['file', 'pages', 'decode', 'clean', 'encode', 'engine', 'assemble', 'recto total', 'native CLI'], rows));
  console.log('\nSteps:');
  for (const [key, label] of STEPS) console.log(`  ${key.padEnd(9)} ${label}: ${((all[key] / recto) * 100).toFixed(1)} % of Recto's CPU`);
  const own = recto - all.engine;
  console.log(`\nRecto's own work (everything but the engine): ${((own / all.engine) * 100).toFixed(0)} % of the engine's CPU (target ≤ 10 %).`);
  console.log(`tesseract.js engine vs native CLI on the same cleaned images: ${(all.engine / all.nativeCli).toFixed(2)}× the CPU.`);
}
