/**
 * The hand-off between the bench and a driver script that runs one engine in its own process
 * (so its memory and time can be measured apart from the bench). Drivers write one
 * `<outDir>/<id>.txt` per input, pages joined by form feeds, like `recto scan` does.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DriverJobItem {
  id: string;
  /** Staged input path (a symlink whose stem is the id). */
  input: string;
  /** ocrmypdf only: the resolution to declare for an image whose own DPI ocrmypdf rejects. */
  imageDpi?: number;
  /** ocrmypdf only: the image has an alpha channel, which ocrmypdf refuses. */
  hasAlpha?: boolean;
}

export interface DriverJob {
  items: DriverJobItem[];
  outDir: string;
  /** Where drivers may render pages and other temporary files. */
  scratchDir: string;
  workers: number;
}

export const FAILURES_FILE = 'failures.jsonl';

export interface DriverFailure {
  id: string;
  message: string;
}

export async function readDriverJob(path = process.argv[2]): Promise<DriverJob> {
  if (!path) throw new Error('usage: <driver> <job.json>');
  return JSON.parse(await readFile(path, 'utf8')) as DriverJob;
}

export async function writeJobFile(path: string, job: DriverJob): Promise<void> {
  await writeFile(path, JSON.stringify(job, null, 2));
}

export async function writePagesText(outDir: string, id: string, pages: string[]): Promise<void> {
  await writeFile(join(outDir, `${id}.txt`), pages.join('\f'));
}

export async function recordFailure(outDir: string, id: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const failure: DriverFailure = { id, message: message.slice(-2000) };
  await appendFile(join(outDir, FAILURES_FILE), `${JSON.stringify(failure)}\n`);
}
