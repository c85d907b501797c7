import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, parse, resolve } from 'node:path';
import type { BenchItem } from './bench-item.ts';
import { countPages } from './page-count.ts';

export const SAMPLES_DIR = resolve('samples');

/** The fields of samples/expected/manifest.json the bench uses (keyed by input file name). */
interface SampleManifestEntry {
  case?: string;
  nhsNumbers?: string[];
}

/**
 * Synthetic NHS documents (samples/<file>) with golden text (samples/expected/<stem>.txt),
 * their NHS numbers and a damage class (the sample's name; the manifest's `case` describes it).
 * Returns [] until the generator has written the manifest.
 */
export async function loadSamplesDataset(dir = SAMPLES_DIR): Promise<BenchItem[]> {
  const manifestPath = join(dir, 'expected', 'manifest.json');
  if (!existsSync(manifestPath)) return [];
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as unknown;
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new Error(`${manifestPath}: expected an object keyed by sample file name`);
  }
  const items: BenchItem[] = [];
  for (const [fileName, entry] of Object.entries(manifest as Record<string, SampleManifestEntry>)) {
    const stem = parse(fileName).name;
    const sourcePath = join(dir, fileName);
    const truthPath = join(dir, 'expected', `${stem}.txt`);
    if (!existsSync(sourcePath) || !existsSync(truthPath)) {
      console.warn(`samples: skipping ${fileName} (input or expected text missing)`);
      continue;
    }
    items.push({
      id: stem,
      dataset: 'samples',
      sourcePath,
      truthText: await readFile(truthPath, 'utf8'),
      metric: 'cer',
      truthIsPartial: false,
      nhsNumbers: (entry.nhsNumbers ?? []).map(String),
      damageClass: stem,
      damageDescription: entry.case,
      pages: await countPages(sourcePath),
    });
  }
  return items;
}
