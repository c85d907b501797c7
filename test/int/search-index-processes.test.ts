import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { SqliteSearchIndex } from '../../src/search/sqlite-search-index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'test/int/search-index-writer-child.ts');
const folder = mkdtempSync(path.join(os.tmpdir(), 'recto-search-processes-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Writer {
  start(): void;
  done: Promise<string>;
  ready: Promise<void>;
}

function startWriter(file: string, name: string, count: number): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, name, String(count)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  let signalReady: () => void;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on('data', (chunk) => {
    output += chunk;
    if (output.startsWith('ready\n')) signalReady();
  });
  child.stderr.on('data', (chunk) => (errors += chunk));
  const done = new Promise<string>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${name} exited ${code}: ${errors}`)))),
  );
  return { start: () => child.stdin.write('go\n'), done, ready };
}

it('lets several processes create, index and search one index file at once without losing a document', async () => {
  const file = path.join(folder, 'search.sqlite');
  const writers = ['api', 'worker', 'reviewer'].map((name) => startWriter(file, name, 40));
  await Promise.all(writers.map((writer) => writer.ready));
  for (const writer of writers) writer.start();
  await Promise.all(writers.map((writer) => writer.done));

  const index = SqliteSearchIndex.open(file);
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await index.search({ text: 'bronchiectasis', limit: 50, cursor });
    ids.push(...page.hits.map((hit) => hit.documentId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(ids).toHaveLength(120);
  expect(new Set(ids).size).toBe(120);
  expect((await index.search({ text: 'draft' })).hits).toEqual([]);
  await index.close();

  const db = new Database(file, { readonly: false });
  // FTS5's own check that its index agrees with itself after the concurrent deletes and inserts.
  expect(() => db.exec("INSERT INTO search_text (search_text) VALUES ('integrity-check')")).not.toThrow();
  expect(db.prepare('SELECT COUNT(*) FROM search_pages').pluck().get()).toBe(240);
  db.close();
}, 120_000);
