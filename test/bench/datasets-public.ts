import { readFile } from 'node:fs/promises';
import { join, parse } from 'node:path';
import type { BenchItem } from './bench-item.ts';
import { countPages } from './page-count.ts';

export const PUBLIC_BENCH_DIR = '/work/shared/bench/public';

/** Inputs we deliberately leave out even though they have ground truth. */
const EXCLUDED_PREFIXES = [
  'tjs-chinese', // Traditional Chinese: needs chi_tra, which none of the engines load
];

interface ManifestRow {
  file: string;
  groundTruth: string;
}

function parseManifest(tsv: string): ManifestRow[] {
  const [header, ...lines] = tsv.split('\n').filter((line) => line.trim() !== '');
  const columns = header.split('\t');
  const fileColumn = columns.indexOf('file');
  const truthColumn = columns.indexOf('ground_truth');
  if (fileColumn < 0 || truthColumn < 0) throw new Error('MANIFEST.tsv lacks file/ground_truth columns');
  return lines.map((line) => {
    const cells = line.split('\t');
    return { file: cells[fileColumn], groundTruth: cells[truthColumn] ?? '' };
  });
}

/** The ground-truth column starts with the .txt file name, or says "none …". */
function truthFileName(groundTruth: string): string | undefined {
  const first = groundTruth.trim().split(/\s+/)[0] ?? '';
  return first.endsWith('.txt') ? first : undefined;
}

/** Public scans that have a ground-truth transcript, read from the shared folder in place. */
export async function loadPublicDataset(dir = PUBLIC_BENCH_DIR): Promise<BenchItem[]> {
  const rows = parseManifest(await readFile(join(dir, 'MANIFEST.tsv'), 'utf8'));
  const items: BenchItem[] = [];
  for (const row of rows) {
    const truthName = truthFileName(row.groundTruth);
    if (!truthName) continue;
    if (EXCLUDED_PREFIXES.some((prefix) => row.file.startsWith(prefix))) continue;
    const sourcePath = join(dir, row.file);
    items.push({
      id: parse(row.file).name,
      dataset: 'public',
      sourcePath,
      truthText: await readFile(join(dir, truthName), 'utf8'),
      // SROIE truth lists boxes in annotation order, not reading order.
      metric: row.file.startsWith('sroie-') ? 'bow-f1' : 'cer',
      truthIsPartial: truthName.includes('.partial.'),
      pages: await countPages(sourcePath),
    });
  }
  return items;
}
