import { readdir, realpath, stat } from 'node:fs/promises';
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

export interface ListedInputs {
  files: InputFile[];
  missing: MissingInput[];
  /** Folders given on the command line in which nothing to read was found. */
  empty: string[];
}

/**
 * Expands the command line's paths into files: a folder contributes its files (and, with
 * `recursive`, its sub-folders' files), not hidden files such as .DS_Store. Symbolic links are
 * followed, as a scanner's hot folder often holds them; each real folder is read once, so a link
 * back to a folder above cannot loop forever. Every file is offered to the pipeline, whatever
 * its name, so a wrong file gets a clear error instead of being skipped unseen.
 */
export async function listInputs(paths: string[], options: { recursive?: boolean } = {}): Promise<ListedInputs> {
  const found: string[] = [];
  const missing: MissingInput[] = [];
  const empty: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    if (!info) {
      missing.push({ path: given });
    } else if (info.isDirectory()) {
      const before = found.length;
      await readFolder(given, options.recursive === true, new Set(), found);
      if (found.length === before) empty.push(given);
    } else {
      found.push(given);
    }
  }
  return { files: withUniqueStems(found), missing, empty };
}

async function readFolder(folder: string, recursive: boolean, read: Set<string>, found: string[]): Promise<void> {
  const real = await realpath(folder);
  // A link back to a folder above (a loop), or a second link to a folder already read: once is enough.
  if (read.has(real)) return;
  read.add(real);
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    // A link is judged by what it points to; a dangling one is left out like any unreadable entry.
    const info = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : entry;
    if (!info) continue;
    if (info.isFile()) found.push(full);
    else if (info.isDirectory() && recursive) await readFolder(full, recursive, read, found);
  }
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
