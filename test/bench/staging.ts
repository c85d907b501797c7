import { mkdir, rm, symlink } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { BenchItem } from './bench-item.ts';

/**
 * Engines name outputs after the input's stem, so two inputs with one stem (ocrmypdf-linn.png and
 * ocrmypdf-linn.pdf) would overwrite each other. Colliding ids get their extension appended.
 */
export function withUniqueIds(items: BenchItem[]): BenchItem[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.id, (counts.get(item.id) ?? 0) + 1);
  const result = items.map((item) =>
    (counts.get(item.id) ?? 0) > 1 ? { ...item, id: `${item.id}-${extname(item.sourcePath).slice(1).toLowerCase()}` } : item,
  );
  const seen = new Set<string>();
  for (const item of result) {
    if (seen.has(item.id)) throw new Error(`duplicate bench id ${item.id}`);
    seen.add(item.id);
  }
  return result;
}

/** A fresh folder of symlinks `<id><ext>` → original file: unique stems without copying data. */
export async function stageInputs(items: BenchItem[], stageDir: string): Promise<Map<string, string>> {
  await rm(stageDir, { recursive: true, force: true });
  await mkdir(stageDir, { recursive: true });
  const staged = new Map<string, string>();
  for (const item of items) {
    const path = join(stageDir, `${item.id}${extname(item.sourcePath).toLowerCase()}`);
    await symlink(item.sourcePath, path);
    staged.set(item.id, path);
  }
  return staged;
}
