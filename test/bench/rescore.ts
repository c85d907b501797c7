import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchItem, DatasetName } from './bench-item.ts';
import type { EngineDatasetResult } from './bench-result.ts';
import { scoreItem, summariseScores } from './scoring.ts';

/**
 * Re-scores the engine outputs a previous run left in `<outRoot>/<dataset>/<engine>/out/`, keeping
 * its time and memory measurements: a metric change should not cost another 40-minute run.
 */
export async function rescoreDataset(
  outRoot: string,
  dataset: DatasetName,
  items: BenchItem[],
  previous: EngineDatasetResult[],
): Promise<EngineDatasetResult[]> {
  return Promise.all(
    previous.map(async (result) => {
      const scores = await Promise.all(
        items.map(async (item) => {
          const path = join(outRoot, dataset, result.engineName, 'out', `${item.id}.txt`);
          return scoreItem(item, existsSync(path) ? await readFile(path, 'utf8') : undefined);
        }),
      );
      const summary = summariseScores(scores);
      return { ...result, items: scores, summary, pagesPerMinute: (summary.pages / result.wallSeconds) * 60 };
    }),
  );
}

export interface PreviousRun {
  startedAt?: string;
  totalSeconds?: number;
  results: Partial<Record<DatasetName, EngineDatasetResult[]>>;
}

export async function readPreviousRun(jsonPath: string): Promise<PreviousRun> {
  if (!existsSync(jsonPath)) throw new Error(`--rescore needs a previous run's ${jsonPath}`);
  return JSON.parse(await readFile(jsonPath, 'utf8')) as PreviousRun;
}
