import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../support/samples.ts';

/** End to end: the `recto` command as a user runs it, real OCR, real files. */

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/cli/recto.js');
const BAD = path.join(ROOT, 'test/bad-input/text-file-named.png');
let dir: string;

function recto(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recto-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recto scan (CLI)', () => {
  it('scans good files, reports the bad one in one line, exits non-zero, and prints a JSON summary', () => {
    const out = path.join(dir, 'json');
    const run = recto('scan', path.join(SAMPLES_DIR, 'fax-g4-2pages.tif'), path.join(SAMPLES_DIR, 'upside-down.png'), BAD, '--out', out, '--json', '--workers', '2');
    expect(run.status).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ documents: 3, succeeded: 2, failed: 1, pages: 3 });
    expect(summary.meanConfidence).toBeGreaterThan(80);
    const failureLines = run.stderr.split('\n').filter((line) => line.startsWith('✗'));
    expect(failureLines).toHaveLength(1);
    expect(failureLines[0]).toMatch(/text-file-named\.png: WRONG_FILE_TYPE: .+ — .+/);
    for (const stem of ['fax-g4-2pages', 'upside-down']) {
      for (const extension of ['pdf', 'txt', 'json']) expect(existsSync(path.join(out, `${stem}.${extension}`))).toBe(true);
    }
    expect(readFileSync(path.join(out, 'upside-down.txt'), 'utf8')).toMatch(/NHS No/);
  });

  it('prints the summary table for people and exits 0 when all is well', () => {
    const out = path.join(dir, 'table');
    const run = recto('scan', path.join(SAMPLES_DIR, 'blank-page.png'), '--out', out, '--drop-blank');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Recto scan summary/);
    expect(run.stdout).toMatch(/Documents\s+1 done, 0 failed/);
    expect(run.stdout).toMatch(/Blank pages flagged\s+1/);
    // Every page blank and dropped: no PDF, but the text and the sidecar say what happened.
    expect(existsSync(path.join(out, 'blank-page.pdf'))).toBe(false);
    const sidecar = JSON.parse(readFileSync(path.join(out, 'blank-page.json'), 'utf8'));
    expect(sidecar.pages[0]).toMatchObject({ blank: true, dropped: true });
  });

  it('says once, with what to do, that a folder holds no scans or a path does not exist, and exits 3 (not found)', () => {
    const empty = path.join(dir, 'empty-hot-folder');
    mkdirSync(path.join(empty, '2026-11-30'), { recursive: true });
    const run = recto('scan', empty, path.join(dir, 'misspelt-folder'), '--out', path.join(dir, 'none'), '--no-progress');
    // Every failure is of one kind, "not found": its exit status, so a script can tell it from bad scans (1).
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/Documents\s+0 done, 2 failed \(of 2\)/);
    const failureLines = run.stderr.split('\n').filter((line) => line.startsWith('✗'));
    expect(failureLines).toEqual([
      `✗ ${path.join(dir, 'misspelt-folder')}: INPUT_NOT_FOUND: no such file or folder — Check the spelling of the path, and that this account may read it.`,
      `✗ ${empty}: NO_SCANS_FOUND: no scans found in this folder (its sub-folders are read only with --recursive) — Point at the folder that holds the scans (hidden files are skipped), or add --recursive to read its sub-folders.`,
    ]);
  });

  it('refuses invalid options before doing any work, with exit status 2 (usage)', () => {
    const run = recto('scan', SAMPLES_DIR, '--out', path.join(dir, 'bad'), '--workers', 'zero');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/invalid options\nrecto scan: INVALID_OPTIONS: [\s\S]*workers/);
    expect(existsSync(path.join(dir, 'bad'))).toBe(false);
    // Options the command does not know, or a missing required one, are usage errors too (commander's own 1 is Recto's "documents failed").
    expect(recto('scan', SAMPLES_DIR, '--out', path.join(dir, 'bad'), '--no-such-option').status).toBe(2);
    expect(recto('scan', SAMPLES_DIR).status).toBe(2);
    expect(recto('no-such-command').status).toBe(2);
    expect(recto('--version').status).toBe(0);
  });
});
