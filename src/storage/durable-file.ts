import { open } from 'node:fs/promises';
import path from 'node:path';

/**
 * A rename is durable only once the folder holding the new name is on disk too; without this
 * a power cut just after the API answered 202 could lose an upload whose bytes were synced.
 */
export async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Syncs `leaf` and, when mkdir just created folders (`firstCreated` is what `mkdir -p`
 * returns), each parent up to the one holding the first new folder: new fan-out folders must
 * reach the disk along with the file in them.
 */
export async function fsyncNewFolders(leaf: string, firstCreated: string | undefined): Promise<void> {
  await fsyncDirectory(leaf);
  if (firstCreated === undefined) return;
  const lastToSync = path.dirname(firstCreated);
  for (let folder = path.dirname(leaf); ; folder = path.dirname(folder)) {
    await fsyncDirectory(folder);
    if (folder === lastToSync || folder === path.dirname(folder)) break;
  }
}
