import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSummaryTable } from '../../src/cli/summary-table.ts';
import { listInputs } from '../../src/runners/list-inputs.ts';
import type { BatchSummary } from '../../src/runners/scan-batch.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'recto-links-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A scanner's hot folder: real scans elsewhere, links to them, dated sub-folders, a link looping back. */
function hotFolder(): string {
  const store = path.join(root, 'store');
  const hot = path.join(root, 'hot');
  mkdirSync(path.join(store, 'deep'), { recursive: true });
  mkdirSync(path.join(hot, '2026-11-30'), { recursive: true });
  writeFileSync(path.join(store, 'a.tif'), 'x');
  writeFileSync(path.join(store, 'deep', 'b.pdf'), 'x');
  writeFileSync(path.join(hot, '2026-11-30', 'c.png'), 'x');
  symlinkSync(path.join(store, 'a.tif'), path.join(hot, 'a-link.tif'));
  symlinkSync(path.join(store, 'deep'), path.join(hot, 'deep-link'));
  symlinkSync(hot, path.join(hot, '2026-11-30', 'back-to-hot'));
  symlinkSync(path.join(store, 'gone.png'), path.join(hot, 'dangling.png'));
  return hot;
}

describe('listInputs with links and sub-folders', () => {
  const hot = hotFolder();

  it('follows links to files, and reads sub-folders (linked ones too) only with recursive, each once despite a loop', async () => {
    const flat = await listInputs([hot]);
    expect(flat.files.map((file) => file.fileName)).toEqual(['a-link.tif']);
    const deep = await listInputs([hot], { recursive: true });
    expect(deep.files.map((file) => path.relative(hot, file.path)).sort()).toEqual(['2026-11-30/c.png', 'a-link.tif', 'deep-link/b.pdf']);
    expect(deep.empty).toEqual([]);
  });

  it('reports a folder with nothing to read as empty, and a misspelt path as missing', async () => {
    const nothing = path.join(root, 'nothing');
    mkdirSync(path.join(nothing, 'sub'), { recursive: true });
    writeFileSync(path.join(nothing, '.DS_Store'), 'x');
    const listed = await listInputs([nothing, path.join(root, 'misspelt')]);
    expect(listed.files).toEqual([]);
    expect(listed.empty).toEqual([nothing]);
    expect(listed.missing.map((input) => path.basename(input.path))).toEqual(['misspelt']);
  });
});

describe('the summary table', () => {
  it('keeps its columns aligned whatever the names, shortening only very long ones in the middle', () => {
    const result = (fileName: string) => ({ status: 'done' as const, fileName, pages: 12, meanConfidence: 91.5, blankPages: [], lowConfidencePages: [], textMissingPages: [] });
    const summary = {
      documents: 3, succeeded: 3, failed: 0, pages: 36, meanConfidence: 91.5, blankPages: 0, lowConfidencePages: 0, textMissingPages: 0, elapsedMs: 1000, pagesPerMinute: 60, inputBytes: 1, outputBytes: 1, outDir: 'out',
      results: [result('a.png'), result('Ward_7_discharge_summary_scanned_2026-11-30_batch_0042_copy.tif'), result('x.pdf')],
    } as unknown as BatchSummary;
    const lines = formatSummaryTable(summary).split('\n').filter((line) => line.includes(' p  conf '));
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((line) => line.indexOf(' p  conf '))).size).toBe(1);
    expect(lines[1]).toContain('…');
    expect(lines[1]).toContain('0042_copy.tif');
  });
});
