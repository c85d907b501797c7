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
import Database from 'better-sqlite3';
import { fts5Expression } from '../../src/search/fts5-expression.ts';
import { parseSearchText } from '../../src/search/parse-search-text.ts';
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
  /** CPU time this process spent, at the same percentiles: what the search costs, apart from waiting for a shared CPU. */
  cpuP50: number;
  cpuP95: number;
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
  /** Median pages matched by the text searches of each kind (before filters). */
  medianMatchedPages: Record<string, number>;
  /** The machine's 1-minute load average after the searches: this CPU is shared. */
  loadAverage: number;
}

const sizeOf = (name: string): number => statSync(name, { throwIfNoEntry: false })?.size ?? 0;

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

interface Sample {
  kind: QueryKind;
  ms: number;
  cpuMs: number;
  hits: number;
}

function latencyOf(samples: Sample[]): Latency {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const cpu = samples.map((sample) => sample.cpuMs).sort((a, b) => a - b);
  const meanHits = samples.reduce((sum, sample) => sum + sample.hits, 0) / samples.length;
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted[sorted.length - 1],
    cpuP50: percentile(cpu, 0.5),
    cpuP95: percentile(cpu, 0.95),
    meanHits,
  };
}

/** One warm-up pass (statements prepared, pages cached, as in a running API), then `rounds` timed passes. */
async function timeQueries(index: SqliteSearchIndex, queries: BenchQuery[], rounds: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let round = 0; round <= rounds; round++) {
    for (const { kind, query } of queries) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const page = await index.search({ ...query, limit: 20 });
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      if (round > 0) samples.push({ kind, ms, cpuMs: (cpu.user + cpu.system) / 1000, hits: page.hits.length });
    }
  }
  return samples;
}

/** How many pages each text search matches, the number its cost grows with (read straight from FTS5). */
function matchedPages(file: string, queries: BenchQuery[]): Record<string, number> {
  const db = new Database(file, { readonly: true });
  const count = db.prepare('SELECT COUNT(*) FROM search_text WHERE search_text MATCH ?').pluck();
  const byKind: Record<string, number[]> = {};
  for (const { kind, query } of queries) {
    if (query.text) (byKind[kind] ??= []).push(count.get(fts5Expression(parseSearchText(query.text))) as number);
  }
  db.close();
  return Object.fromEntries(Object.entries(byKind).map(([kind, counts]) => [kind, percentile(counts.sort((a, b) => a - b), 0.5)]));
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
      medianMatchedPages: matchedPages(file, [...queries, { ...COMMON_WORD_QUERY, kind: 'common word' as QueryKind }]),
      loadAverage: os.loadavg()[0],
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
const sizeLabel = (result: SizeResult): string => `${Math.round(result.pages / 1000)}k`;
const header = ['search', ...results.flatMap((result) => [`p50@${sizeLabel(result)}`, `p95@${sizeLabel(result)}`]), 'cpu p50/p95', 'hits', 'matched'];
const last = results[results.length - 1];
const row = (label: string, latencyAt: (result: SizeResult) => Latency, matchedKey: string): string[] => [
  label,
  ...results.flatMap((result) => [fixed(latencyAt(result).p50), fixed(latencyAt(result).p95)]),
  `${fixed(latencyAt(last).cpuP50)}/${fixed(latencyAt(last).cpuP95)}`,
  fixed(latencyAt(last).meanHits),
  last.medianMatchedPages[matchedKey] === undefined ? '–' : String(last.medianMatchedPages[matchedKey]),
];
console.log(`\nwall-clock latency in ms (${ROUNDS} timed rounds of 50 searches, limit 20, snippets and boxes included);`);
console.log(`cpu, hits (mean per search) and matched (median pages the words match) at ${sizeLabel(last)}`);
console.log(
  formatTable(header, [
    ...kinds.map((kind) => row(kind, (result) => result.byKind[kind], kind)),
    row('all 50', (result) => result.all, ''),
    row('common word (not in mix)', (result) => result.commonWord, 'common word'),
  ]),
);
console.log(`\nindexing: ${results.map((result) => `${fixed(result.indexPagesPerSecond, 0)} pages/s to ${sizeLabel(result)}`).join(', ')}`);
console.log(`load average (1 min) after each size: ${results.map((result) => fixed(result.loadAverage, 1)).join(', ')} on ${os.cpus().length} CPUs`);
const verdict = last.all.p95 <= TARGET_P95_MS ? 'met' : 'MISSED';
console.log(`target p95 ≤ ${TARGET_P95_MS} ms at ${last.pages} pages: ${verdict} (${fixed(last.all.p95)} ms wall, ${fixed(last.all.cpuP95)} ms cpu)`);

mkdirSync('.bench-out', { recursive: true });
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version };
writeFileSync('.bench-out/search.json', `${JSON.stringify({ seed: Number(values.seed), rounds: ROUNDS, machine, targetP95Ms: TARGET_P95_MS, results }, null, 2)}\n`);
console.log('wrote .bench-out/search.json');
