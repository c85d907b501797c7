/**
 * `npm run bench`: recto scan vs tesseract.js vs tesseract CLI vs OCRmyPDF on the same pages,
 * one engine at a time. See bench-options.ts for flags and report.ts for what is printed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BenchItem, DatasetName } from './bench-item.ts';
import { parseBenchOptions } from './bench-options.ts';
import { toEngineDatasetResult, type EngineDatasetResult } from './bench-result.ts';
import { loadPublicDataset } from './datasets-public.ts';
import { loadSamplesDataset } from './datasets-samples.ts';
import { runEngine } from './engine-run.ts';
import { ENGINES, type EngineKey } from './engines.ts';
import { probeImagesForOcrmypdf } from './image-probe.ts';
import { printDatasetReport, printSetup } from './report.ts';
import { scoreItem, summariseScores } from './scoring.ts';
import { stageInputs, withUniqueIds } from './staging.ts';
import { rectoIsRunnable, toolVersions } from './tool-versions.ts';

const options = parseBenchOptions(process.argv.slice(2));
const outRoot = resolve(options.outDir);
const startedAt = new Date();

let engines: EngineKey[] = options.engines;
if (engines.includes('a') && !(await rectoIsRunnable())) {
  console.warn('recto: `node src/cli/recto.js scan --help` does not work yet, so engine a is skipped');
  engines = engines.filter((key) => key !== 'a');
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
  const datasetDir = join(outRoot, dataset);
  const staged = await stageInputs(items, join(datasetDir, 'inputs'));
  const imageNeeds = await probeImagesForOcrmypdf([...staged.values()]);
  const results: EngineDatasetResult[] = [];
  for (const key of engines) {
    const engine = ENGINES[key];
    process.stderr.write(`[bench] ${dataset}: ${engine.name} on ${items.length} inputs…\n`);
    const run = await runEngine({ engine, items, staged, imageNeeds, workDir: join(datasetDir, engine.name), workers: options.workers });
    const scores = items.map((item) => scoreItem(item, run.texts[item.id]));
    const setup = engine.setup.replaceAll('{workers}', String(options.workers));
    results.push(toEngineDatasetResult(dataset, key, setup, run, scores, summariseScores(scores)));
    process.stderr.write(`[bench] ${dataset}: ${engine.name} took ${run.wallSeconds.toFixed(1)} s\n`);
  }
  resultsByDataset[dataset] = results;
  printDatasetReport(dataset, results);
}

const totalSeconds = (Date.now() - startedAt.getTime()) / 1000;
await mkdir(outRoot, { recursive: true });
const jsonPath = join(outRoot, 'ocr-bench.json');
await writeFile(
  jsonPath,
  JSON.stringify(
    { startedAt: startedAt.toISOString(), totalSeconds, options: { ...options, engines }, versions: await toolVersions(), results: resultsByDataset },
    null,
    2,
  ),
);
console.log(`\nWhole bench: ${totalSeconds.toFixed(0)} s. Full results: ${jsonPath}; engine outputs under ${outRoot}/<dataset>/<engine>/out/`);
