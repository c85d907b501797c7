import { join } from 'node:path';
import type { BenchItem, DatasetName } from './bench-item.ts';
import { toEngineDatasetResult, type EngineDatasetResult } from './bench-result.ts';
import { runEngine } from './engine-run.ts';
import { ENGINES, type EngineKey } from './engines.ts';
import { probeImagesForOcrmypdf } from './image-probe.ts';
import { scoreItem, summariseScores } from './scoring.ts';
import { stageInputs } from './staging.ts';

/** Runs each engine in turn (never two at once: they would steal each other's cores) and scores it. */
export async function measureDataset(input: {
  dataset: DatasetName;
  items: BenchItem[];
  engines: EngineKey[];
  outRoot: string;
  workers: number;
}): Promise<EngineDatasetResult[]> {
  const { dataset, items, engines, outRoot, workers } = input;
  const datasetDir = join(outRoot, dataset);
  const staged = await stageInputs(items, join(datasetDir, 'inputs'));
  const imageNeeds = await probeImagesForOcrmypdf([...staged.values()]);
  const results: EngineDatasetResult[] = [];
  for (const key of engines) {
    const engine = ENGINES[key];
    process.stderr.write(`[bench] ${dataset}: ${engine.name} on ${items.length} inputs…\n`);
    const run = await runEngine({ engine, items, staged, imageNeeds, workDir: join(datasetDir, engine.name), workers });
    const scores = items.map((item) => scoreItem(item, run.texts[item.id]));
    const setup = engine.setup.replaceAll('{workers}', String(workers));
    results.push(toEngineDatasetResult(dataset, key, setup, run, scores, summariseScores(scores)));
    process.stderr.write(`[bench] ${dataset}: ${engine.name} took ${run.wallSeconds.toFixed(1)} s\n`);
  }
  return results;
}
