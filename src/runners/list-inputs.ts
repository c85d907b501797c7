import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface InputFile {
  path: string;
  fileName: string;
  /** Output name without extension, unique within the batch. */
  stem: string;
}

export interface MissingInput {
  path: string;
}

/**
 * Expands the command line's paths into files: a folder contributes its files (not its
 * sub-folders, nor hidden files such as .DS_Store). Every file is offered to the pipeline,
 * whatever its name, so a wrong file gets a clear error instead of being skipped unseen.
 */
export async function listInputs(paths: string[]): Promise<{ files: InputFile[]; missing: MissingInput[] }> {
  const found: string[] = [];
  const missing: MissingInput[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    if (!info) {
      missing.push({ path: given });
    } else if (info.isDirectory()) {
      const entries = await readdir(given, { withFileTypes: true });
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.isFile() && !entry.name.startsWith('.')) found.push(path.join(given, entry.name));
      }
    } else {
      found.push(given);
    }
  }
  return { files: withUniqueStems(found), missing };
}

/** `letter.png` and `letter.pdf` would both become `letter.pdf`: keep the extension where names clash. */
function withUniqueStems(paths: string[]): InputFile[] {
  const stemOf = (file: string): string => path.basename(file, path.extname(file));
  const counts = new Map<string, number>();
  for (const file of paths) counts.set(stemOf(file), (counts.get(stemOf(file)) ?? 0) + 1);
  const taken = new Set<string>();
  return paths.map((file) => {
    const fileName = path.basename(file);
    const plain = stemOf(file);
    let stem = (counts.get(plain) ?? 0) > 1 ? fileName.replace(/\./g, '_') : plain;
    // The same file name in two folders: number the later ones.
    for (let n = 2; taken.has(stem); n++) stem = `${plain}-${n}`;
    taken.add(stem);
    return { path: file, fileName, stem };
  });
}
