import { spawn } from 'node:child_process';
import { RectoError } from '../core/errors.ts';

/**
 * One run of the tesseract CLI: no shell, the image on stdin, the result on stdout. OpenMP is
 * held to one thread: the engine runs one process per worker, and tesseract's own threads on
 * top of that make it several times slower on a busy machine (/work/shared/OCR-NOTES.md).
 */

export interface TesseractRun {
  args: string[];
  stdin?: Buffer;
  timeoutMs: number;
  /** The tesseract executable; `tesseract` on the PATH unless given. */
  command?: string;
}

export function runTesseract(run: TesseractRun): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(run.command ?? 'tesseract', run.args, {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, run.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A process that exits before reading all its input makes the write fail with EPIPE; the exit code says why.
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new RectoError('OCR_ENGINE_UNAVAILABLE', `tesseract is not installed (not found on the PATH): ${error.message}`, { cause: error })
          : new RectoError('OCR_FAILED', `tesseract could not be run: ${error.message}`, { cause: error }),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new RectoError('OCR_FAILED', `tesseract took longer than ${run.timeoutMs} ms on the page and was stopped`));
      if (code !== 0) {
        const why = signal ? `was killed (${signal})` : `exited with status ${code}`;
        return reject(new RectoError('OCR_FAILED', `tesseract ${why}: ${lastLines(Buffer.concat(stderr).toString('utf8'))}`));
      }
      resolve(Buffer.concat(stdout).toString('utf8'));
    });
    child.stdin.end(run.stdin ?? Buffer.alloc(0));
  });
}

/** The end of tesseract's diagnostics, where the reason for a failure is. */
function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ') || 'no message';
}
