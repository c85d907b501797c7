/**
 * How the embedded search index grows: indexes synthetic letters (search-corpus.ts) up to each
 * size in turn, and at each size times 50 mixed searches (words, phrases, prefixes, a
 * patient's timeline, patient + word, name + date of birth, type + dates + word) as the API
 * will run them, snippets and boxes included. Target: p95 ≤ 50 ms at 100,000 pages.
 *
 *   npm run bench:search [-- --sizes 10000,30000,100000 --seed 1 --rounds 3]
 *
 * Prints a table and writes .bench-out/search.json.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteSearchIndex } from '../../src/search/sqlite-search-index.ts';
import { type BenchQuery, benchQueries, COMMON_WORD_QUERY, type QueryKind } from './search-bench-queries.ts';
import { BenchCorpus } from './search-corpus.ts';
import { fixed, formatTable } from './text-table.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,30000,100000' },
    seed: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    patients: { type: 'string', default: '5000' },
  },
});
const SIZES = values.sizes.split(',').map(Number);
const ROUNDS = Number(values.rounds);
const TARGET_P95_MS = 50;

interface Latency {
  p50: number;
  p95: number;
  max: number;
  meanHits: number;
}

interface SizeResult {
  pages: number;
  documents: number;
  indexPagesPerSecond: number;
  fileMegabytes: number;
  all: Latency;
  byKind: Record<string, Latency>;
  commonWord: Latency;
}

const sizeOf = (name: string): number => statSync(name, { throwIfNoEntry: false })?.size ?? 0;

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

function latencyOf(samples: { ms: number; hits: number }[]): Latency {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const meanHits = samples.reduce((sum, sample) => sum + sample.hits, 0) / samples.length;
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[sorted.length - 1], meanHits };
}

/** One warm-up pass (statements prepared, pages cached, as in a running API), then `rounds` timed passes. */
async function timeQueries(index: SqliteSearchIndex, queries: BenchQuery[], rounds: number) {
  const samples: { kind: QueryKind; ms: number; hits: number }[] = [];
  for (let round = 0; round <= rounds; round++) {
    for (const { kind, query } of queries) {
      const started = performance.now();
      const page = await index.search({ ...query, limit: 20 });
      const ms = performance.now() - started;
      if (round > 0) samples.push({ kind, ms, hits: page.hits.length });
    }
  }
  return samples;
}

const corpus = new BenchCorpus(Number(values.seed), Number(values.patients));
const queries = benchQueries(corpus, 50);
const folder = mkdtempSync(path.join(os.tmpdir(), 'recto-search-bench-'));
const file = path.join(folder, 'search.sqlite');
const index = SqliteSearchIndex.open(file);
const results: SizeResult[] = [];
let pages = 0;
let documents = 0;
try {
  for (const size of SIZES) {
    const started = performance.now();
    const pagesBefore = pages;
    while (pages < size) {
      const document = corpus.nextDocument();
      await index.indexDocument(document);
      pages += document.pages.length;
      documents++;
    }
    const indexSeconds = (performance.now() - started) / 1000;
    const samples = await timeQueries(index, queries, ROUNDS);
    const byKind: Record<string, Latency> = {};
    for (const kind of new Set(samples.map((sample) => sample.kind))) byKind[kind] = latencyOf(samples.filter((sample) => sample.kind === kind));
    const result: SizeResult = {
      pages,
      documents,
      indexPagesPerSecond: (pages - pagesBefore) / indexSeconds,
      fileMegabytes: (sizeOf(file) + sizeOf(`${file}-wal`)) / 1e6,
      all: latencyOf(samples),
      byKind,
      commonWord: latencyOf(await timeQueries(index, [COMMON_WORD_QUERY], ROUNDS)),
    };
    results.push(result);
    console.log(
      `${pages} pages (${documents} documents): indexed ${fixed(result.indexPagesPerSecond, 0)} pages/s; ` +
        `50 searches p50 ${fixed(result.all.p50)} ms, p95 ${fixed(result.all.p95)} ms; file ${fixed(result.fileMegabytes, 0)} MB`,
    );
  }
} finally {
  await index.close();
  rmSync(folder, { recursive: true, force: true });
}

const kinds = Object.keys(results[0].byKind);
const header = ['search', ...results.flatMap((result) => [`p50@${result.pages / 1000}k`, `p95@${result.pages / 1000}k`]), 'hits@last'];
const row = (label: string, latencyAt: (result: SizeResult) => Latency): string[] => [
  label,
  ...results.flatMap((result) => [fixed(latencyAt(result).p50), fixed(latencyAt(result).p95)]),
  fixed(latencyAt(results[results.length - 1]).meanHits),
];
console.log(`\nlatency in ms (${ROUNDS} timed rounds of 50 searches, limit 20, snippets and boxes included)`);
console.log(
  formatTable(header, [
    ...kinds.map((kind) => row(kind, (result) => result.byKind[kind])),
    row('all 50', (result) => result.all),
    row('(common word, not in mix)', (result) => result.commonWord),
  ]),
);
console.log(`\nindexing: ${results.map((result) => `${fixed(result.indexPagesPerSecond, 0)} pages/s to ${result.pages / 1000}k`).join(', ')}`);
const last = results[results.length - 1];
const verdict = last.all.p95 <= TARGET_P95_MS ? 'met' : 'MISSED';
console.log(`target p95 ≤ ${TARGET_P95_MS} ms at ${last.pages} pages: ${verdict} (${fixed(last.all.p95)} ms)`);

mkdirSync('.bench-out', { recursive: true });
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version };
writeFileSync('.bench-out/search.json', `${JSON.stringify({ seed: Number(values.seed), rounds: ROUNDS, machine, targetP95Ms: TARGET_P95_MS, results }, null, 2)}\n`);
console.log('wrote .bench-out/search.json');
