import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Workers and the code they run throw RectoErrors only: a bare Error becomes INTERNAL, a bug,
 * which is never retried. So a queue hiccup thrown bare would fail a document for good, and a
 * real input problem would lose its code and hint. This scans the source for `new Error(`.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
/** What queue workers run: the workers, the queue helpers, and the stage and filing code they call. */
const SCANNED = ['workers', 'queues', 'src/stages', 'src/filing', 'src/review', 'src/search', 'src/matching', 'src/extract', 'src/sinks', 'src/storage', 'src/engines'];

function typeScriptFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

describe('typed errors in the workers and what they call', () => {
  it('scans the folders it names (so a renamed folder cannot make this pass by finding nothing)', () => {
    for (const folder of SCANNED) expect(typeScriptFiles(folder).length, folder).toBeGreaterThan(0);
  });

  it('has no `new Error(` (bare errors become INTERNAL and are never retried)', () => {
    const found = SCANNED.flatMap(typeScriptFiles).flatMap((file) =>
      readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => (/\bnew Error\(/.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
