import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RectoError } from './errors.ts';

/**
 * Writes a file so that readers see either nothing or the whole file: write a hidden temporary
 * file beside it, then rename (atomic within one filesystem). A crash leaves no half output.
 */
export async function writeFileAtomic(target: string, contents: string | Uint8Array): Promise<void> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, contents);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new RectoError('OUTPUT_WRITE_FAILED', `could not write ${target}: ${(error as Error).message}`, { cause: error });
  }
}
