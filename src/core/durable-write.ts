import { randomBytes } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { RectoError } from './errors.ts';

/**
 * Recto's one way of putting a file on disk that must survive a crash or a power cut (a stored
 * upload, a delivery reported done, a scan's outputs): readers see either nothing or the whole
 * file. The bytes go to a hidden temporary name in the same folder and are synced, then take the
 * real name in one step, then the folder itself is synced.
 */

/** As replaceFileDurably, for an output a person asked for: a failure is OUTPUT_WRITE_FAILED naming the file. */
export async function writeOutputFile(target: string, contents: Uint8Array | string): Promise<void> {
  try {
    await replaceFileDurably(target, contents);
  } catch (error) {
    throw new RectoError('OUTPUT_WRITE_FAILED', `could not write ${target}: ${(error as Error).message}`, { cause: error });
  }
}

/** Puts `contents` at `target`, replacing whatever was there. */
export async function replaceFileDurably(target: string, contents: Uint8Array | string): Promise<void> {
  const temporary = await writeTemporary(target, contents);
  try {
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await fsyncDirectory(path.dirname(target));
}

/**
 * Puts `contents` at `target` only if nothing has that name yet: a hard link fails with EEXIST
 * instead of overwriting (rename would overwrite), so exactly one of several concurrent writers,
 * in this or another process, creates the file. Returns false when the name was already taken.
 */
export async function createFileDurablyOnce(target: string, contents: Uint8Array | string): Promise<boolean> {
  const temporary = await writeTemporary(target, contents);
  try {
    await link(temporary, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  await fsyncDirectory(path.dirname(target));
  return true;
}

async function writeTemporary(target: string, contents: Uint8Array | string): Promise<string> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  return temporary;
}

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
