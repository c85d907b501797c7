/**
 * `npm run bench`: recto scan vs tesseract.js vs tesseract CLI vs OCRmyPDF on the same pages,
 * one engine at a time. See bench-options.ts for flags and report.ts for what is printed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BenchItem, DatasetName } from './bench-item.ts';
import { parseBenchOptions } from './bench-options.ts';
import type { EngineDatasetResult } from './bench-result.ts';
import { loadPublicDataset } from './datasets-public.ts';
import { loadSamplesDataset } from './datasets-samples.ts';
import { ENGINES, type EngineKey, RECTO_ENGINES } from './engines.ts';
import { measureDataset } from './measure-dataset.ts';
import { printDatasetReport, printSetup } from './report.ts';
import { readPreviousRun, rescoreDataset } from './rescore.ts';
import { withUniqueIds } from './staging.ts';
import { rectoIsRunnable, toolVersions } from './tool-versions.ts';

const options = parseBenchOptions(process.argv.slice(2));
const outRoot = resolve(options.outDir);
const jsonPath = join(outRoot, 'ocr-bench.json');
const startedAt = new Date();
const previous = options.rescore ? await readPreviousRun(jsonPath) : undefined;

let engines: EngineKey[] = options.engines;
if (!previous && engines.some((key) => RECTO_ENGINES.includes(key)) && !(await rectoIsRunnable())) {
  console.warn('recto: `node src/cli/recto.js scan --help` does not work yet, so engines a, e, f and g are skipped');
  engines = engines.filter((key) => !RECTO_ENGINES.includes(key));
}
printSetup(engines.map((key) => `${key} ${ENGINES[key].name}: ${ENGINES[key].setup.replaceAll('{workers}', String(options.workers))}`));

async function loadDataset(name: DatasetName): Promise<BenchItem[]> {
  const items = withUniqueIds(name === 'samples' ? await loadSamplesDataset() : await loadPublicDataset());
  return options.limit === undefined ? items : items.slice(0, options.limit);
}

const resultsByDataset: Partial<Record<DatasetName, EngineDatasetResult[]>> = {};
for (const dataset of options.datasets) {
  const items = await loadDataset(dataset);
  if (items.length === 0) {
    console.log(`\n=== ${dataset}: no inputs with ground truth yet, skipped ===`);
    continue;
  }
  const results = previous
    ? await rescoreDataset(outRoot, dataset, items, previous.results[dataset] ?? [])
    : await measureDataset({ dataset, items, engines, outRoot, workers: options.workers });
  resultsByDataset[dataset] = results;
  printDatasetReport(dataset, results);
}

const totalSeconds = (Date.now() - startedAt.getTime()) / 1000;
await mkdir(outRoot, { recursive: true });
const runInfo = previous
  ? {
      startedAt: previous.startedAt,
      totalSeconds: previous.totalSeconds,
      rescoredAt: startedAt.toISOString(),
      note: 'scores recomputed from saved outputs; times and memory are from the original run',
    }
  : { startedAt: startedAt.toISOString(), totalSeconds };
await writeFile(
  jsonPath,
  JSON.stringify({ ...runInfo, options: { ...options, engines }, versions: await toolVersions(), results: resultsByDataset }, null, 2),
);
console.log(`\nWhole bench: ${totalSeconds.toFixed(0)} s. Full results: ${jsonPath}; engine outputs under ${outRoot}/<dataset>/<engine>/out/`);
