import { randomBytes } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDirectory } from '../../storage/durable-file.ts';

/**
 * The two ways the file drop puts a file in place, both all-or-nothing for anyone watching the
 * folder and durable before they return (a delivery reported done must survive a power cut):
 * the bytes go to a hidden temporary name in the same folder and are synced, then take the real
 * name in one step, then the folder itself is synced.
 */

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
