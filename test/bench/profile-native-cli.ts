import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * CPU seconds (user + system, from GNU time) the native tesseract CLI spends reading one
 * cleaned page, the way the comparison ran it: one thread (OMP_THREAD_LIMIT=1),
 * automatic layout, TSV output (words with boxes, as Recto asks tesseract.js for).
 * Returns 0 when tesseract or /usr/bin/time is not installed.
 */
export async function nativeCliCpuSeconds(image: Buffer, dpi: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'recto-profile-'));
  try {
    const input = join(dir, 'page.pgm');
    await writeFile(input, image);
    const timing = join(dir, 'time.txt');
    const args = ['-f', '%U %S', '-o', timing, 'tesseract', input, 'stdout', '--psm', '3', '--dpi', String(dpi), '-l', 'eng', 'tsv'];
    const ok = await new Promise<boolean>((done) => {
      const child = spawn('/usr/bin/time', args, { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: 'ignore' });
      child.on('error', () => done(false));
      child.on('close', (code) => done(code === 0));
    });
    if (!ok) return 0;
    const [user, system] = (await readFile(timing, 'utf8')).trim().split(/\s+/).slice(-2).map(Number);
    return user + system;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
