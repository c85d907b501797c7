import { parseArgs } from 'node:util';
import { ALL_ENGINES, type EngineKey } from './engines.ts';
import type { DatasetName } from './bench-item.ts';

export interface BenchOptions {
  datasets: DatasetName[];
  engines: EngineKey[];
  /** At most this many inputs per dataset (in manifest order). */
  limit?: number;
  workers: number;
  /** Where outputs and ocr-bench.json go (gitignored). */
  outDir: string;
  /** Re-score the previous run's saved outputs instead of running the engines again. */
  rescore: boolean;
}

const USAGE = `usage: npm run bench -- [--dataset samples|public|all] [--engines a,b,c,d,e,f,g] [--limit N] [--workers 2]
                          [--out .bench-out] [--rescore]
  a = recto scan (tesseract.js, best_int), b = tesseract.js, c = tesseract CLI, d = ocrmypdf,
  e = recto scan (native tesseract, best_int), f = recto scan (native, Debian fast), g = recto scan (tesseract.js, Debian fast)`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string', default: 'all' },
      engines: { type: 'string', default: ALL_ENGINES.join(',') },
      limit: { type: 'string' },
      workers: { type: 'string', default: '2' },
      out: { type: 'string', default: '.bench-out' },
      rescore: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const dataset = values.dataset;
  if (dataset !== 'samples' && dataset !== 'public' && dataset !== 'all') throw new Error(`bad --dataset ${dataset}\n${USAGE}`);
  const engines = values.engines.split(',').map((key) => key.trim());
  for (const key of engines) {
    if (!ALL_ENGINES.includes(key as EngineKey)) throw new Error(`unknown engine "${key}"\n${USAGE}`);
  }
  const workers = Number(values.workers);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`bad --workers ${values.workers}`);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new Error(`bad --limit ${values.limit}`);
  return {
    datasets: dataset === 'all' ? ['samples', 'public'] : [dataset],
    engines: ALL_ENGINES.filter((key) => engines.includes(key)),
    limit,
    workers,
    outDir: values.out,
    rescore: values.rescore,
  };
}
