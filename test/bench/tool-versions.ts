import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCommand } from './run-command.ts';
import { RECTO_CLI } from './engines.ts';

async function firstLine(command: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await runCommand(command, args);
    return (stdout || stderr).trim().split('\n')[0];
  } catch (error) {
    return `unavailable (${error instanceof Error ? error.message.slice(0, 80) : String(error)})`;
  }
}

function packageVersion(name: string): string {
  const path = resolve('node_modules', name, 'package.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version : 'missing';
}

/** Recorded with the results: numbers from different engine builds are not comparable. */
export async function toolVersions(): Promise<Record<string, string>> {
  return {
    node: process.version,
    'tesseract.js': packageVersion('tesseract.js'),
    '@tesseract.js-data/eng': packageVersion('@tesseract.js-data/eng'),
    tesseract: await firstLine('tesseract', ['--version']),
    ocrmypdf: await firstLine('ocrmypdf', ['--version']),
    unpaper: await firstLine('unpaper', ['--version']),
    pdftoppm: await firstLine('pdftoppm', ['-v']),
  };
}

/** recto is being written alongside the bench: only run it once `scan --help` works. */
export async function rectoIsRunnable(): Promise<boolean> {
  if (!existsSync(RECTO_CLI)) return false;
  try {
    await runCommand(process.execPath, [RECTO_CLI, 'scan', '--help']);
    return true;
  } catch {
    return false;
  }
}
