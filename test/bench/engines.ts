import { resolve } from 'node:path';
import type { MeasuredCommand } from './measured-run.ts';
import type { ProcessSample } from './process-tree-memory.ts';

export type EngineKey = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';
export const ALL_ENGINES: readonly EngineKey[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
/** Recto itself, with each engine and model it can read with: compared with the others in the ratios. */
export const RECTO_ENGINES: readonly EngineKey[] = ['a', 'e', 'f', 'g'];

export const RECTO_CLI = resolve('src/cli/recto.js');

export interface EngineDefinition {
  key: EngineKey;
  name: string;
  /** How it was run, printed with the results so numbers are never read without their set-up. */
  setup: string;
  command(input: { jobPath: string; stagedFiles: string[]; outDir: string; workers: number }): MeasuredCommand;
}

/** tsx may start an esbuild service: that is bench plumbing, not engine memory. */
const isBenchPlumbing = (p: ProcessSample): boolean => p.name === 'esbuild';

/** Depth 0 is GNU time; depth 1 the engine (a, b) or our driver script (c, d). */
const engineFromDepth1 = (p: ProcessSample, depth: number): boolean => depth >= 1 && !isBenchPlumbing(p);
const engineBelowDriver = (p: ProcessSample, depth: number): boolean => depth >= 2 && !isBenchPlumbing(p);

function driver(script: string, jobPath: string): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', 'tsx', resolve('test/bench', script), jobPath] };
}

/** `recto scan` with one engine and model: one process, its own OCR pool (or its tesseract processes). */
function rectoScan(key: EngineKey, name: string, engine: 'tesseract.js' | 'native', model: 'best_int' | 'fast'): EngineDefinition {
  const flags = ['--ocr-engine', engine, '--ocr-model', model];
  return {
    key,
    name,
    setup: `node src/cli/recto.js scan <all inputs> --out <dir> --json --workers {workers} ${flags.join(' ')} (one process, ${engine === 'native' ? 'one tesseract process per page, OMP_THREAD_LIMIT=1' : 'its own OCR pool'})`,
    command: ({ stagedFiles, outDir, workers }) => ({
      command: process.execPath,
      args: [RECTO_CLI, 'scan', ...stagedFiles, '--out', outDir, '--json', '--workers', String(workers), ...flags],
      countsAsEngine: (p, depth) => depth >= 1,
    }),
  };
}

export const ENGINES: Record<EngineKey, EngineDefinition> = {
  a: rectoScan('a', 'recto', 'tesseract.js', 'best_int'),
  e: rectoScan('e', 'recto-native', 'native', 'best_int'),
  f: rectoScan('f', 'recto-native-fast', 'native', 'fast'),
  g: rectoScan('g', 'recto-fast', 'tesseract.js', 'fast'),
  b: {
    key: 'b',
    name: 'tesseract.js',
    setup: 'tesseract.js 7 scheduler, {workers} workers, defaults (PSM 6), eng 4.0.0_best_int, raw images',
    command: ({ jobPath }) => ({ ...driver('driver-tesseract-js.ts', jobPath), countsAsEngine: engineFromDepth1 }),
  },
  c: {
    key: 'c',
    name: 'tesseract-cli',
    setup: 'tesseract 5.3 CLI --psm 3, Debian fast eng, OMP_THREAD_LIMIT=1, {workers} processes in parallel, raw images',
    command: ({ jobPath }) => ({ ...driver('driver-tesseract-cli.ts', jobPath), countsAsEngine: engineBelowDriver }),
  },
  d: {
    key: 'd',
    name: 'ocrmypdf',
    setup: 'ocrmypdf 14 --deskew --rotate-pages --clean -j {workers} --output-type pdf, files one after another; pdftotext -raw',
    command: ({ jobPath }) => ({ ...driver('driver-ocrmypdf.ts', jobPath), countsAsEngine: engineBelowDriver }),
  },
};
