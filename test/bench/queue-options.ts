import { parseArgs } from 'node:util';

/**
 * The four ways of running the same pages: in-process `recto scan` with 1 and 2 OCR workers,
 * and the queue with 1 and 2 worker processes of one OCR worker each.
 */
export type ModeKey = 'scan-1' | 'queue-1' | 'queue-2' | 'scan-2';
/** Run order: each pair the targets compare (scan-1/queue-1, queue-1/queue-2) runs back to back. */
export const ALL_MODES: readonly ModeKey[] = ['scan-1', 'queue-1', 'queue-2', 'scan-2'];

export interface QueueBenchOptions {
  /** Every sample this many times, each copy byte-distinct (the service dedupes by SHA-256). */
  repeat: number;
  /** At most this many samples (manifest order), before repeating. */
  limit?: number;
  /** Only these samples (file names or stems), before repeating. */
  only?: string[];
  modes: ModeKey[];
  /** Where queue-bench.json and queue-bench.md go (gitignored). */
  outDir: string;
  redisUrl: string;
  pollMs: number;
  /** A mode that has not finished after this long is stopped and reported as failed. */
  timeoutMinutes: number;
  /**
   * auto: an API-only process (OCR_WORKERS=0) + N `recto worker`s if this Recto supports it, else
   * `recto serve` as the first worker process. serve: always the latter (the embedded default).
   */
  layout: 'auto' | 'serve';
  /** Keep the temporary inputs, outputs and DATA_DIRs (their paths are printed). */
  keep: boolean;
  /**
   * Pin each worker process to its own CPU (taskset), as a deployment that gives each worker
   * container one CPU does: then 1 vs 2 processes measures what one more process adds, rather
   * than how much of the second core one process already takes by cleaning while it OCRs.
   */
  pin: boolean;
}

const USAGE = `usage: npm run bench:queue -- [--repeat 2] [--limit N | --only a.png,b] [--modes scan-1,queue-1,queue-2,scan-2]
                                [--out .bench-out] [--redis redis://127.0.0.1:6379] [--poll-ms 250]
                                [--layout auto|serve] [--timeout-min 30] [--keep]
  scan-1  = in-process recto scan, 1 OCR worker (the baseline)
  queue-1 = the queue, 1 worker process (OCR_WORKERS=1)
  queue-2 = the queue, 2 worker processes (OCR_WORKERS=1 each)
  scan-2  = in-process recto scan, 2 OCR workers (reference)
  --layout auto:  queue modes run an API-only \`recto serve\` (OCR_WORKERS=0) + N \`recto worker\`s when
                  this Recto supports OCR_WORKERS=0 (probed at start), otherwise --layout serve
  --layout serve: \`recto serve\` with OCR_WORKERS=1 is worker process 1, plus N-1 \`recto worker\`s
  A quick check: --limit 4 --repeat 1 (4 pages). The full run (default --repeat 2, 32 pages) takes ~11 minutes on a quiet 2-core machine.`;

const positiveInteger = (flag: string, value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`bad --${flag} ${value}\n${USAGE}`);
  return number;
};

export function parseQueueBenchOptions(argv: string[]): QueueBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      repeat: { type: 'string', default: '2' },
      limit: { type: 'string' },
      only: { type: 'string' },
      modes: { type: 'string', default: ALL_MODES.join(',') },
      out: { type: 'string', default: '.bench-out' },
      redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
      'poll-ms': { type: 'string', default: '250' },
      'timeout-min': { type: 'string', default: '30' },
      layout: { type: 'string', default: 'auto' },
      keep: { type: 'boolean', default: false },
      pin: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const modes = values.modes.split(',').map((mode) => mode.trim());
  for (const mode of modes) {
    if (!ALL_MODES.includes(mode as ModeKey)) throw new Error(`unknown mode "${mode}"\n${USAGE}`);
  }
  const layout = values.layout;
  if (layout !== 'auto' && layout !== 'serve') throw new Error(`bad --layout ${layout}\n${USAGE}`);
  if (values.limit !== undefined && values.only !== undefined) throw new Error(`--limit and --only do not mix\n${USAGE}`);
  return {
    repeat: positiveInteger('repeat', values.repeat),
    limit: values.limit === undefined ? undefined : positiveInteger('limit', values.limit),
    only: values.only?.split(',').map((name) => name.trim()).filter(Boolean),
    modes: ALL_MODES.filter((mode) => modes.includes(mode)),
    outDir: values.out,
    redisUrl: values.redis,
    pollMs: positiveInteger('poll-ms', values['poll-ms']),
    timeoutMinutes: positiveInteger('timeout-min', values['timeout-min']),
    layout,
    keep: values.keep,
    pin: values.pin,
  };
}
